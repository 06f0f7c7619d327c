export { PipelineRunner, type PipelineFlusher, type FlusherOutcome, type RunnerOptions } from './runner/pipeline-runner.js';
export { loadPipelineFile, readFlusherEntries, parsePipelineText, PipelineConfigError, type FlusherEntry, type PipelineIssue } from './pipeline-config.js';
export { buildFlushers } from './build-pipeline.js';
export { loadRegistry, readPluginList } from './plugins.js';
