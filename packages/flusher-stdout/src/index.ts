import { defineFlusher } from '@logflush/core';
import { configSchema } from './config.js';
import { StdoutFlusher } from './stdout-flusher.js';

export const plugin = defineFlusher(StdoutFlusher, configSchema);

export { StdoutFlusher, flusherStdoutType } from './stdout-flusher.js';
export { configSchema, type FlusherStdoutConfig, type FlusherStdoutOptions } from './config.js';
export { formatLines, groupHeader } from './format.js';
