export { z } from 'zod';
export type {
  Flusher,
  FlusherClass,
  FlusherBacklog,
  FlusherContext,
  FlusherPlugin,
  FlusherDefinition,
  ConfigSchema,
} from './flusher.js';
export { defineFlusher } from './flusher.js';
export { flusherTypePattern, assertFlusherType, parseFlusherName } from './flusher-type.js';
export { FlusherRegistry, UnknownFlusherError, type FlusherSpec } from './registry.js';
export { createFlusherContext, type FlusherContextOptions } from './context.js';
export {
  createConsoleLogger,
  type Logger,
  type LogLevel,
  type ConsoleLoggerOptions,
} from './logger.js';
export { createMetrics, metricNames, type FlusherMetrics, type MetricName } from './metrics.js';
export {
  FlusherLifecycleError,
  FlusherNotInitializedError,
  FlusherStoppedError,
  FlushFailedError,
  DeliveryError,
  isRetryable,
  type FailureReason,
} from './errors.js';
export * from './kit/index.js';
export { nearestMatch, editDistance } from './nearest.js';
export type { Log, LogContent, LogTag, LogGroup, LogGroupList } from './loggroup/types.js';
export * from './loggroup/index.js';
export * from './config/index.js';
export * from './convert/index.js';
