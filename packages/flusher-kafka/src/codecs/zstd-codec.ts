import { compress, decompress, init } from '@bokuweb/zstd-wasm';
import type { KafkaCodec } from './codec.js';

/** zstd's default level, the one the Java client uses too. */
const level = 3;
/** Room for a frame that does not state its decompressed size (ours always do). */
const unknownSizeCapacity = 16 * 1024 * 1024;

let ready: Promise<void> | undefined;

/** Loads the WebAssembly zstd once per process; the codec works only after it resolved. */
export function loadZstd(): Promise<void> {
  ready ??= init();
  return ready;
}

const toBuffer = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * zstd through @bokuweb/zstd-wasm: WebAssembly shipped in the npm package, so nothing is
 * compiled or downloaded at install (@kafkajs/zstd needs a node-gyp build, and zstd-napi and
 * @mongodb-js/zstd download their binaries from GitHub).
 */
export function zstdCodec(): KafkaCodec {
  return {
    compress: async (encoder) => toBuffer(compress(encoder.buffer, level)),
    decompress: async (buffer) =>
      toBuffer(decompress(buffer, { defaultHeapSize: unknownSizeCapacity })),
  };
}
