export {
  LogflushTransport,
  type LogflushTransportOptions,
  type LogflushOutcome,
  type LogflushMetrics,
} from './transport.js';
export { infoToLog, timestampToTime } from './info-to-log.js';
export { PipelineConfigError } from '@logflush/pipeline';
