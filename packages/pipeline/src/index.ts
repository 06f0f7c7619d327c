export {
  createPipeline,
  preparePipeline,
  type Pipeline,
  type PipelineConfig,
  type PipelineOptions,
  type PipelineOutcome,
  type PipelineMetrics,
  type PipelineFlusherHandle,
  type PreparedPipeline,
} from './pipeline.js';
export { recordToLog, toLog, isLog, contentValue, nowTime, RecordError } from './record.js';
export {
  loadPipelineFile,
  readFlusherEntries,
  parsePipelineText,
  resolveFlusherEntries,
  PipelineConfigError,
  type FlusherEntry,
  type PipelineIssue,
  type PipelineFileReference,
} from './config.js';
export { buildFlushers } from './build.js';
export {
  loadPlugins,
  addPlugins,
  loadFlusherTypes,
  importPackage,
  firstPartyPackage,
  firstPartyFlushers,
  PackageNotFoundError,
  type PluginLoadOptions,
  type ResolveFrom,
} from './plugins.js';
export { GroupBuilder, type GroupLimits, type GroupFields } from './group-builder.js';
export {
  PipelineRunner,
  type PipelineFlusher,
  type RunningFlusher,
  type FlusherOutcome,
  type RunnerOptions,
  type Dispatched,
  defaultFlushWindow,
} from './runner.js';
export { logstoreKey } from './logstore-key.js';
export { hostIp } from './host.js';
export {
  loggerPipeline,
  loggerPipelineOptionNames,
  hostTags,
  wholeOption,
  whenFullOption,
  PipelineOptionsError,
  type LoggerPipelineOptions,
  type CheckSettings,
} from './logger-options.js';
