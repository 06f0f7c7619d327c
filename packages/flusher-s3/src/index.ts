import { defineFlusher } from '@logflush/core';
import { configSchema } from './config.js';
import { flusherS3Type, S3Flusher } from './s3-flusher.js';

export const plugin = defineFlusher({
  type: flusherS3Type,
  description:
    'Uploads logs in batches as objects to S3 or an S3-compatible store, with staging, multipart upload and retries.',
  configSchema,
  createFlusher: (config) => new S3Flusher(config),
});

export { S3Flusher } from './s3-flusher.js';
export { configSchema, type FlusherS3Config, type FlusherS3Options } from './config.js';
export { KeyFormat } from './key-format.js';
