import { defineFlusher } from '@logflush/core';
import { configSchema } from './config.js';
import { __PASCAL__Flusher } from './__DASHED__-flusher.js';

/** The plugin: its type and description are the class's static `type` and `description`. */
export const plugin = defineFlusher(__PASCAL__Flusher, configSchema);

export { __PASCAL__Flusher, flusher__PASCAL__Type } from './__DASHED__-flusher.js';
export {
  configSchema,
  type Flusher__PASCAL__Config,
  type Flusher__PASCAL__Options,
} from './config.js';
