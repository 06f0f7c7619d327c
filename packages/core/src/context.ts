import type { FlusherContext } from './flusher.js';
import { createConsoleLogger, type Logger } from './logger.js';
import { createMetrics, type FlusherMetrics } from './metrics.js';

export interface FlusherContextOptions {
  configName?: string;
  project?: string;
  logstore?: string;
  logger?: Logger;
  metrics?: FlusherMetrics;
  signal?: AbortSignal;
}

/** A context with a console logger and fresh counters unless given others. */
export function createFlusherContext(options: FlusherContextOptions = {}): FlusherContext {
  const configName = options.configName ?? 'default';
  return {
    configName,
    project: options.project ?? '',
    logstore: options.logstore ?? '',
    logger: options.logger ?? createConsoleLogger({ bindings: { config: configName } }),
    metrics: options.metrics ?? createMetrics(),
    signal: options.signal ?? new AbortController().signal,
  };
}
