export {
  FlusherBase,
  countLogs,
  type FlushRequest,
  type FlusherBaseOptions,
} from './flusher-base.js';
export { BufferGauge } from './buffer-gauge.js';
export { BufferDrain, type BufferDrainOptions } from './buffer-drain.js';
export { FailureTally } from './failure-tally.js';
export {
  withRetries,
  backoffDelay,
  retryPolicy,
  retryOutcome,
  type RetryPolicy,
  type RetryHooks,
} from './retry.js';
export {
  compressionCodecs,
  compressionNames,
  zstdFrameBytes,
  type CompressionName,
  type CompressionCodec,
  type Compressor,
} from './compression.js';
export { loadZstd, zstdLevel, type Zstd } from './zstd.js';
export {
  createLineFormatter,
  lineFormats,
  type LineFormat,
  type LineFormatter,
} from './line-format.js';
export {
  lineFormatOptions,
  compressionOption,
  retryOptions,
  maxBufferedBytesOption,
  type RetryDefaults,
} from './options.js';
export * from './disk-buffer/index.js';
export * from './dead-letter/index.js';
