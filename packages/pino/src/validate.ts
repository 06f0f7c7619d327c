import os from 'node:os';
import { preparePipeline } from '@logflush/pipeline';
import { resolveOptions, type PinoTransportOptions } from './options.js';

/**
 * Checks transport options in the calling (main) thread, as the worker will: the options, the
 * pipeline config with every flusher's options, and that each flusher type can be loaded.
 * Rejects with PinoOptionsError or the pipeline's PipelineConfigError, whose message names each
 * option path. It creates the flushers but starts none (no file is opened, no broker contacted).
 */
export async function validate(options: PinoTransportOptions): Promise<void> {
  const settings = resolveOptions(options, { hostname: os.hostname(), pid: process.pid });
  await preparePipeline(settings.config, settings.pipelineOptions);
}
