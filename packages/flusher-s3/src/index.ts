import { defineFlusher } from '@logflush/core';
import { configSchema } from './config.js';
import { S3Flusher } from './s3-flusher.js';

export const plugin = defineFlusher(S3Flusher, configSchema);

export { S3Flusher, flusherS3Type } from './s3-flusher.js';
export { configSchema, type FlusherS3Config, type FlusherS3Options } from './config.js';
export { KeyFormat } from './key-format.js';
