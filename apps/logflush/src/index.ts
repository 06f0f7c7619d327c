// The CLI's runner, config loading and plugin loading are @logflush/pipeline's; they are
// re-exported here for code that imported them from @logflush/cli.
export {
  PipelineRunner,
  type PipelineFlusher,
  type FlusherOutcome,
  type RunnerOptions,
  loadPipelineFile,
  readFlusherEntries,
  parsePipelineText,
  PipelineConfigError,
  type FlusherEntry,
  type PipelineIssue,
  buildFlushers,
} from '@logflush/pipeline';
export { loadRegistry, readPluginList } from './plugins.js';
