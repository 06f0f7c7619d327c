import { createConsoleLogger, LogGroupDecodeError } from '@logflush/core';
import { buildFlushers } from '../build-pipeline.js';
import { readLogGroups, inputSize, type InputFormat } from '../input/read-input.js';
import { loadPipelineFile } from '../pipeline-config.js';
import { ProgressBar } from '../progress.js';
import { PipelineRunner } from '../runner/pipeline-runner.js';
import { formatSummary, hasLosses } from '../summary.js';
import { registryFor, UsageError, type PluginOptions } from './shared.js';

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
  const registry = await registryFor(options);
  const flushers = buildFlushers(registry, loadPipelineFile(options.config), options.config);
  let total: number | undefined;
  try {
    total = inputSize(options.input);
  } catch (error) {
    throw new UsageError(`cannot read input "${options.input}": ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const logger = createConsoleLogger({ bindings: { config: options.config } });
  const runner = new PipelineRunner(flushers, {
    configName: options.config,
    project: options.project,
    logstore: options.logstore,
    logger,
    drainTimeoutMs: options.drainTimeout,
  });
  const interactive = process.stderr.isTTY && !options.quiet;
  const progress = interactive ? new ProgressBar(process.stderr, total) : undefined;
  signal.addEventListener('abort', () => runner.beginShutdown(), { once: true });

  await runner.start();
  let inputErrors = 0;
  let inputFailure: Error | undefined;
  try {
    const batches = readLogGroups({
      input: options.input,
      format: options.inputFormat,
      logstore: options.logstore,
      topic: options.topic,
      limits: { maxLogs: options.maxGroupLogs, maxBytes: options.maxGroupBytes },
      signal,
      onProgress: (bytes, logs) => progress?.add(bytes, logs),
      onLineError: (error) => {
        inputErrors++;
        logger.error('INPUT_PARSE_ALARM', error.message);
      },
    });
    for await (const groups of batches) await runner.send(groups);
  } catch (error) {
    inputFailure = error as Error;
  }
  progress?.done();
  const outcomes = await runner.stop();
  if (interactive) process.stderr.write(`${formatSummary(outcomes, inputErrors)}\n`);
  if (inputFailure !== undefined) {
    if (inputFailure instanceof LogGroupDecodeError) throw new UsageError(`input "${options.input}": ${inputFailure.message}`);
    throw inputFailure;
  }
  if (hasLosses(outcomes, inputErrors)) {
    if (!interactive) process.stderr.write(`${formatSummary(outcomes, inputErrors)}\n`);
    return { exitCode: exitCodes.undelivered };
  }
  return { exitCode: exitCodes.ok };
}
