import { compressFrame, decompressFrame } from 'lz4-napi';
import type { KafkaCodec } from './codec.js';

/**
 * LZ4 in the frame format that record batches (magic v2) carry, through lz4-napi, whose
 * prebuilt binaries come inside npm packages. (kafkajs-lz4 needs `lz4`, which must be compiled
 * with node-gyp at install time.)
 */
export function lz4Codec(): KafkaCodec {
  return {
    compress: (encoder) => compressFrame(encoder.buffer),
    decompress: (buffer) => decompressFrame(buffer),
  };
}
