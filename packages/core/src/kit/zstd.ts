/** The part of @bokuweb/zstd-wasm the kit uses. */
export interface Zstd {
  compress(data: Uint8Array, level?: number): Uint8Array;
  decompress(data: Uint8Array, options?: { defaultHeapSize?: number }): Uint8Array;
}

/** zstd's default level, the one the Java Kafka client and the zstd CLI use. */
export const zstdLevel = 3;

let loading: Promise<Zstd> | undefined;

/**
 * @bokuweb/zstd-wasm, loaded and initialised once per process, the first time zstd is used: it is
 * WebAssembly shipped in the npm package, so nothing is compiled or downloaded at install
 * (zstd-napi and @mongodb-js/zstd download their binaries, @kafkajs/zstd needs node-gyp).
 */
export function loadZstd(): Promise<Zstd> {
  loading ??= import('@bokuweb/zstd-wasm').then(async (module) => {
    await module.init();
    return module;
  });
  return loading;
}
