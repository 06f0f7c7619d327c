import { finished } from 'node:stream/promises';
import zlib from 'node:zlib';
import { loadZstd, zstdLevel } from './zstd.js';

/** The compressions a file or object output offers (the shared `Compression` option). */
export const compressionNames = ['none', 'gzip', 'zstd'] as const;
export type CompressionName = (typeof compressionNames)[number];

/** A streaming compressor; its output goes to the callback given at creation. */
export interface Compressor {
  /** Takes `data`; resolves once it is consumed (compressed or handed on). */
  write(data: Buffer): Promise<void>;
  /** Writes out whatever is left and ends the stream. */
  end(): Promise<void>;
  /** Releases the compressor without finishing it (the output is abandoned). */
  destroy(): void;
}

export interface CompressionCodec {
  readonly name: CompressionName;
  /** The HTTP Content-Encoding of the output, when compressed. */
  readonly contentEncoding: string | undefined;
  /** The file-name suffix of the output (`.gz`, `.zst`, or none). */
  readonly extension: string;
  create(onOutput: (chunk: Buffer) => void): Promise<Compressor>;
}

const none: CompressionCodec = {
  name: 'none',
  contentEncoding: undefined,
  extension: '',
  async create(onOutput) {
    return { write: async (data) => onOutput(data), end: async () => {}, destroy: () => {} };
  },
};

const gzip: CompressionCodec = {
  name: 'gzip',
  contentEncoding: 'gzip',
  extension: '.gz',
  async create(onOutput) {
    const stream = zlib.createGzip({ chunkSize: 64 * 1024 });
    stream.on('data', onOutput);
    const done = finished(stream);
    // Errors surface through `write` and `end`; this keeps one from going unhandled.
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

/**
 * Input is cut into frames of exactly this many bytes (the last one shorter), whatever the
 * sizes of the writes, so the output depends only on the input; one frame blocks the event loop
 * for a few milliseconds at most. Concatenated frames decompress to the concatenated input
 * (RFC 8878 §3).
 */
export const zstdFrameBytes = 1024 * 1024;

const zstd: CompressionCodec = {
  name: 'zstd',
  contentEncoding: 'zstd',
  extension: '.zst',
  async create(onOutput) {
    const module = await loadZstd();
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const emit = (input: Buffer) => {
      const frame = module.compress(input, zstdLevel);
      onOutput(Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength));
    };
    const emitPending = () => {
      if (pendingBytes === 0) return;
      const input = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      emit(input);
    };
    return {
      write: async (data) => {
        let rest = data;
        while (pendingBytes + rest.length >= zstdFrameBytes) {
          const take = zstdFrameBytes - pendingBytes;
          pending.push(rest.subarray(0, take));
          pendingBytes += take;
          rest = rest.subarray(take);
          emitPending();
        }
        if (rest.length > 0) {
          // A copy: the caller may reuse its buffer once the write resolved.
          pending.push(Buffer.from(rest));
          pendingBytes += rest.length;
        }
      },
      end: async () => emitPending(),
      destroy: () => {
        pending = [];
        pendingBytes = 0;
      },
    };
  },
};

export const compressionCodecs: Readonly<Record<CompressionName, CompressionCodec>> = {
  none,
  gzip,
  zstd,
};
