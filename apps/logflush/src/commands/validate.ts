import { buildFlushers } from '../build-pipeline.js';
import { loadPipelineFile } from '../pipeline-config.js';
import { registryFor, type PluginOptions } from './shared.js';

export interface ValidateOptions extends PluginOptions {
  config: string;
}

/** Decodes every flusher of the pipeline; throws a PipelineConfigError listing every problem. */
export async function validateCommand(options: ValidateOptions): Promise<string> {
  const registry = await registryFor(options);
  const flushers = buildFlushers(registry, loadPipelineFile(options.config), options.config);
  return `${options.config}: valid (${flushers.map((f) => f.name).join(', ')})`;
}
