import { loadZstd } from '@logflush/core';
import kafkajs from 'kafkajs';
import SnappyCodec from 'kafkajs-snappy';
import type { CompressionName } from './config.js';
import { lz4Codec } from './codecs/lz4-codec.js';
import { zstdCodec } from './codecs/zstd-codec.js';

const { CompressionTypes, CompressionCodecs } = kafkajs;

const types: Readonly<Record<CompressionName, kafkajs.CompressionTypes>> = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4,
  zstd: CompressionTypes.ZSTD,
};

/**
 * Makes kafkajs able to write and read `name`, and returns its kafkajs type. kafkajs keeps codecs
 * in one table per process (gzip is built in); registering the same codec again is harmless.
 */
export async function enableCompression(name: CompressionName): Promise<kafkajs.CompressionTypes> {
  switch (name) {
    case 'snappy':
      CompressionCodecs[CompressionTypes.Snappy] = SnappyCodec;
      break;
    case 'lz4':
      CompressionCodecs[CompressionTypes.LZ4] = lz4Codec;
      break;
    case 'zstd':
      await loadZstd(); // fails init, rather than the first batch, when it cannot load
      CompressionCodecs[CompressionTypes.ZSTD] = zstdCodec;
      break;
    default:
      break;
  }
  return types[name];
}
