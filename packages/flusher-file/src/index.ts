import { defineFlusher } from '@logflush/core';
import { configSchema } from './config.js';
import { FileFlusher, flusherFileType } from './file-flusher.js';

export const plugin = defineFlusher({
  type: flusherFileType,
  description:
    'Writes logs as lines to local files: templated paths, rotation by size and time, compression, fsync policy.',
  configSchema,
  createFlusher: (config) => new FileFlusher(config),
});

export { FileFlusher } from './file-flusher.js';
export {
  configSchema,
  type FlusherFileConfig,
  type FlusherFileOptions,
  type FileFormat,
  type Compression,
  type SyncPolicy,
} from './config.js';
export { rolledName } from './output/rolled-names.js';
