import { defineFlusher } from '@logflush/core';
import { configSchema } from './config.js';
import { flusherStdoutType, StdoutFlusher } from './stdout-flusher.js';

export const plugin = defineFlusher({
  type: flusherStdoutType,
  description: 'Writes logs as JSON lines to stdout, a size-rolled file or the pipeline logger.',
  configSchema,
  createFlusher: (config) => new StdoutFlusher(config),
});

export { StdoutFlusher } from './stdout-flusher.js';
export { configSchema, type FlusherStdoutConfig, type FlusherStdoutOptions } from './config.js';
export { formatLines, groupHeader } from './format.js';
