import { loadZstd, zstdLevel } from '@logflush/core';
import type { KafkaCodec } from './codec.js';

/** Room for a frame that does not state its decompressed size (ours always do). */
const unknownSizeCapacity = 16 * 1024 * 1024;

const toBuffer = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * zstd record batches through the kit's one zstd loader (`loadZstd`, level `zstdLevel`, the one
 * the Java client uses too). kafkajs compresses a whole record batch at once, so this is not the
 * kit's streaming codec (which cuts its input into 1 MiB frames).
 */
export function zstdCodec(): KafkaCodec {
  return {
    compress: async (encoder) => toBuffer((await loadZstd()).compress(encoder.buffer, zstdLevel)),
    decompress: async (buffer) =>
      toBuffer((await loadZstd()).decompress(buffer, { defaultHeapSize: unknownSizeCapacity })),
  };
}
