import { finished } from 'node:stream/promises';
import zlib from 'node:zlib';
import type { FlusherS3Config } from './config.js';

/** A streaming compressor for one object; its output goes to the callback given at creation. */
export interface Compressor {
  /** Takes `data`; resolves once it is consumed (compressed or handed on). */
  write(data: Buffer): Promise<void>;
  /** Writes out whatever is left and ends the stream. */
  end(): Promise<void>;
  /** Releases the compressor without finishing it (the object is abandoned). */
  destroy(): void;
}

export interface Compression {
  readonly name: FlusherS3Config['Compression'];
  /** The Content-Encoding header, when the object is compressed. */
  readonly contentEncoding: string | undefined;
  /** The suffix `{ext}` gets for it. */
  readonly extension: string;
  create(onOutput: (chunk: Buffer) => void): Promise<Compressor>;
}

const gzip: Compression = {
  name: 'gzip',
  contentEncoding: 'gzip',
  extension: '.gz',
  async create(onOutput) {
    const stream = zlib.createGzip({ chunkSize: 64 * 1024 });
    stream.on('data', onOutput);
    const done = finished(stream);
    // Errors surface through `done`, `write` and `end`; this keeps one from going unhandled.
    done.catch(() => {});
    return {
      write: (data) =>
        new Promise<void>((resolve, reject) => {
          stream.write(data, (error) => (error ? reject(error) : resolve()));
        }),
      end: async () => {
        stream.end();
        await done;
      },
      destroy: () => stream.destroy(),
    };
  },
};

const none: Compression = {
  name: 'none',
  contentEncoding: undefined,
  extension: '',
  async create(onOutput) {
    return { write: async (data) => onOutput(data), end: async () => {}, destroy: () => {} };
  },
};

interface ZstdModule {
  compress(data: Uint8Array, level?: number): Uint8Array;
}

let zstdModule: Promise<ZstdModule> | undefined;

/** @bokuweb/zstd-wasm (WebAssembly, no native build), loaded the first time zstd is used. */
function loadZstd(): Promise<ZstdModule> {
  zstdModule ??= import('@bokuweb/zstd-wasm').then(async (module) => {
    await module.init();
    return module;
  });
  return zstdModule;
}

/** Input collected into one zstd frame; a zstd stream may hold any number of frames. */
const zstdFrameBytes = 1024 * 1024;
const zstdLevel = 3;

const zstd: Compression = {
  name: 'zstd',
  contentEncoding: 'zstd',
  extension: '.zst',
  async create(onOutput) {
    const module = await loadZstd();
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const emitFrame = () => {
      if (pendingBytes === 0) return;
      const input = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      const frame = module.compress(input, zstdLevel);
      onOutput(Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength));
    };
    return {
      write: async (data) => {
        pending.push(data);
        pendingBytes += data.length;
        if (pendingBytes >= zstdFrameBytes) emitFrame();
      },
      end: async () => emitFrame(),
      destroy: () => {
        pending = [];
        pendingBytes = 0;
      },
    };
  },
};

export const compressionCodecs: Readonly<Record<FlusherS3Config['Compression'], Compression>> = {
  gzip,
  zstd,
  none,
};
