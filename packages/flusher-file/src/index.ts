import { defineFlusher } from '@logflush/core';
import { configSchema } from './config.js';
import { FileFlusher } from './file-flusher.js';

export const plugin = defineFlusher(FileFlusher, configSchema);

export { FileFlusher, flusherFileType } from './file-flusher.js';
export {
  configSchema,
  type FlusherFileConfig,
  type FlusherFileOptions,
  type FileFormat,
  type Compression,
  type SyncPolicy,
} from './config.js';
export { rolledName } from './output/rolled-names.js';
