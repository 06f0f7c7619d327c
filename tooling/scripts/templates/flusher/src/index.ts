import { defineFlusher } from '@logflush/core';
import { configSchema } from './config.js';
import { flusher__PASCAL__Type, __PASCAL__Flusher } from './__DASHED__-flusher.js';

export const plugin = defineFlusher({
  type: flusher__PASCAL__Type,
  description: 'Appends each log as a line (kv JSON by default) to a local file.',
  configSchema,
  createFlusher: (config) => new __PASCAL__Flusher(config),
});

export { __PASCAL__Flusher } from './__DASHED__-flusher.js';
export {
  configSchema,
  type Flusher__PASCAL__Config,
  type Flusher__PASCAL__Options,
} from './config.js';
