export {
  LogflushTransport,
  defaultTags,
  type LogflushTransportOptions,
  type LogflushOutcome,
  type LogflushMetrics,
} from './transport.js';
export { infoToLog, fieldValue, timestampToTime, errorObject } from './info-to-log.js';
export { PipelineConfigError } from '@logflush/pipeline';
