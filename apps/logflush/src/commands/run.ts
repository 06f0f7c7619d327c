import { createConsoleLogger, LogGroupDecodeError } from '@logflush/core';
import { preparePipeline } from '@logflush/pipeline';
import { readInto, inputSize, inputTags, type InputFormat } from '../input/read-input.js';
import { cliResolveFrom } from '../plugins.js';
import { ProgressBar } from '../progress.js';
import { formatSummary, hasLosses } from '../summary.js';
import { pluginPackages, UsageError, type PluginOptions } from './shared.js';

export interface RunOptions extends PluginOptions {
  config: string;
  input: string;
  inputFormat: InputFormat;
  project: string;
  logstore: string;
  topic: string;
  quiet: boolean;
  maxGroupLogs: number;
  maxGroupBytes: number;
  drainTimeout: number;
}

export interface RunResult {
  exitCode: number;
}

/** Exit codes: 0 all delivered, 1 bad config or input, 2 some logs not delivered. */
export const exitCodes = { ok: 0, invalid: 1, undelivered: 2 } as const;

/**
 * Runs a pipeline over the input. `signal` ends the input early (SIGINT/SIGTERM): what was read
 * is still drained and delivered before the flushers stop.
 */
export async function runCommand(options: RunOptions, signal: AbortSignal): Promise<RunResult> {
  const prepared = await preparePipeline(
    { pipeline: options.config },
    { plugins: pluginPackages(options), resolveFrom: cliResolveFrom },
  );
  let total: number | undefined;
  try {
    total = inputSize(options.input);
  } catch (error) {
    throw new UsageError(
      `cannot read input "${options.input}": ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  const logger = createConsoleLogger({ bindings: { config: options.config } });
  const interactive = process.stderr.isTTY && !options.quiet;
  const progress = interactive ? new ProgressBar(process.stderr, total) : undefined;
  const pipeline = await prepared.start({
    configName: options.config,
    project: options.project,
    logstore: options.logstore,
    topic: options.topic,
    tags: inputTags(options.input),
    maxGroupLogs: options.maxGroupLogs,
    maxGroupBytes: options.maxGroupBytes,
    // A file's partial group waits for the next lines; stdin hands it over after every read.
    lingerMs: Infinity,
    drainTimeoutMs: options.drainTimeout,
    logger,
  });
  if (signal.aborted) pipeline.beginShutdown();
  else signal.addEventListener('abort', () => pipeline.beginShutdown(), { once: true });

  let inputErrors = 0;
  let inputFailure: Error | undefined;
  try {
    await readInto(pipeline, {
      input: options.input,
      format: options.inputFormat,
      signal,
      onProgress: (bytes, logs) => progress?.add(bytes, logs),
      onLineError: (error) => {
        inputErrors++;
        logger.error('INPUT_PARSE_ALARM', error.message);
      },
    });
  } catch (error) {
    inputFailure = error as Error;
  }
  progress?.done();
  const outcome = await pipeline.close();
  if (interactive) process.stderr.write(`${formatSummary(outcome.flushers, inputErrors)}\n`);
  if (inputFailure !== undefined) {
    if (inputFailure instanceof LogGroupDecodeError)
      throw new UsageError(`input "${options.input}": ${inputFailure.message}`);
    throw inputFailure;
  }
  if (hasLosses(outcome.flushers, inputErrors) || outcome.dropped > 0) {
    if (!interactive) process.stderr.write(`${formatSummary(outcome.flushers, inputErrors)}\n`);
    return { exitCode: exitCodes.undelivered };
  }
  return { exitCode: exitCodes.ok };
}
