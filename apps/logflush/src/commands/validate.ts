import { preparePipeline } from '@logflush/pipeline';
import { cliResolveFrom } from '../plugins.js';
import { pluginPackages, type PluginOptions } from './shared.js';

export interface ValidateOptions extends PluginOptions {
  config: string;
}

/** Decodes every flusher of the pipeline; throws a PipelineConfigError listing every problem. */
export async function validateCommand(options: ValidateOptions): Promise<string> {
  const prepared = await preparePipeline(
    { pipeline: options.config },
    { plugins: pluginPackages(options), resolveFrom: cliResolveFrom },
  );
  return `${options.config}: valid (${prepared.flushers.map((f) => f.name).join(', ')})`;
}
