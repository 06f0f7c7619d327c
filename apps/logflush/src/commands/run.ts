import fs from 'node:fs';
import { createConsoleLogger, LogGroupDecodeError, type Flusher } from '@logflush/core';
import { preparePipeline, type Pipeline } from '@logflush/pipeline';
import { CheckpointError, CheckpointStore, defaultCheckpointFile } from '../checkpoint.js';
import { expandGlob, isGlob } from '../input/glob.js';
import { readInto, readProtobuf, inputTags, type InputFormat } from '../input/read-input.js';
import { FileReader, type FileStats } from '../input/read-files.js';
import { startMetricsServer, type LatencyObserver, type MetricsServer } from '../metrics.js';
import { cliResolveFrom } from '../plugins.js';
import { ProgressBar } from '../progress.js';
import { formatSummary, hasLosses } from '../summary.js';
import { runPluginPackages, UsageError, type PluginOptions } from './shared.js';

export interface RunOptions extends PluginOptions {
  config: string;
  /** Paths and globs, or `-` (stdin); several allowed. */
  input?: string[];
  inputFormat: InputFormat;
  project: string;
  logstore: string;
  topic: string;
  quiet: boolean;
  maxGroupLogs: number;
  maxGroupBytes: number;
  drainTimeout: number;
  follow?: boolean;
  from?: 'beginning' | 'end';
  /** A file, or false for --no-checkpoint. */
  checkpoint?: string | false;
  stateDir?: string;
  moveBadCheckpoint?: boolean;
  checkpointInterval?: number;
  pollInterval?: number;
  metrics?: string;
  summary?: boolean;
}

export interface RunResult {
  exitCode: number;
}

/**
 * Exit codes: 0 all delivered, 1 bad config or input, 2 some logs not delivered, 3 delivered
 * but the checkpoint could not be written.
 */
export const exitCodes = { ok: 0, invalid: 1, undelivered: 2, checkpoint: 3 } as const;

/** Wraps each flusher's flush to time it (for the metrics' flush latency). */
function timeFlushes(
  flushers: ReadonlyArray<{ name: string; flusher: Flusher }>,
  latency: LatencyObserver,
): void {
  for (const entry of flushers) {
    const inner = entry.flusher;
    const timed: Flusher & { buffer?: unknown } = {
      init: (context) => inner.init(context),
      description: () => inner.description(),
      isReady: (project, logstore, key) => inner.isReady(project, logstore, key),
      flush: (project, logstore, configName, groups) => {
        const started = process.hrtime.bigint();
        const observe = () =>
          latency.observe(entry.name, Number(process.hrtime.bigint() - started) / 1e9);
        const flushing = inner.flush(project, logstore, configName, groups);
        flushing.then(observe, observe);
        return flushing;
      },
      setUrgent: (flag) => inner.setUrgent(flag),
      stop: () => inner.stop(),
      backlog: () => inner.backlog?.(),
    };
    Object.defineProperty(timed, 'buffer', { get: () => (inner as { buffer?: unknown }).buffer });
    (entry as { flusher: Flusher }).flusher = timed;
  }
}

/**
 * Runs a pipeline over the input. `signal` ends the input early (SIGINT/SIGTERM): what was read
 * is still drained and delivered before the flushers stop.
 */
export async function runCommand(options: RunOptions, signal: AbortSignal): Promise<RunResult> {
  const inputs = options.input === undefined || options.input.length === 0 ? ['-'] : options.input;
  const stdin = inputs.includes('-');
  const follow = options.follow === true;
  if (stdin && inputs.length > 1)
    throw new UsageError('--input -: stdin is read alone, not beside files');
  if (follow && stdin) throw new UsageError('--follow reads files: give --input <file or glob>');
  if (follow && options.inputFormat === 'protobuf')
    throw new UsageError('--follow reads text and jsonl input; protobuf input is read once');
  if (typeof options.checkpoint === 'string' && (stdin || options.inputFormat === 'protobuf'))
    throw new UsageError(
      '--checkpoint records offsets in text and jsonl files, not of stdin or protobuf',
    );
  if (options.from !== undefined && options.from !== 'beginning' && options.from !== 'end')
    throw new UsageError(`--from: expected beginning or end, given "${String(options.from)}"`);

  const logger = createConsoleLogger({ bindings: { config: options.config } });
  const metrics: MetricsServer | undefined =
    options.metrics === undefined ? undefined : await startMetricsServer(options.metrics);
  if (metrics !== undefined)
    process.stderr.write(
      `logflush: metrics at http://${metrics.address}/metrics, health at http://${metrics.address}/health\n`,
    );
  try {
    return await runWith(options, inputs, stdin, follow, logger, metrics, signal);
  } finally {
    await metrics?.close();
  }
}

async function runWith(
  options: RunOptions,
  inputs: string[],
  stdin: boolean,
  follow: boolean,
  logger: ReturnType<typeof createConsoleLogger>,
  metrics: MetricsServer | undefined,
  signal: AbortSignal,
): Promise<RunResult> {
  const prepared = await preparePipeline(
    { pipeline: options.config },
    { plugins: runPluginPackages(options), resolveFrom: cliResolveFrom },
  );
  if (metrics !== undefined) timeFlushes(prepared.flushers, metrics.latency);

  // Which files, and how much there is to read (for the progress bar).
  let total: number | undefined;
  if (!stdin && !follow) {
    total = 0;
    for (const input of inputs) {
      const files = expandGlob(input);
      if (files.length === 0) {
        if (isGlob(input)) throw new UsageError(`input "${input}" matches no file`);
        let code = 'not a file';
        try {
          fs.statSync(input);
        } catch (error) {
          code = (error as NodeJS.ErrnoException).code ?? String(error);
        }
        throw new UsageError(`cannot read input "${input}": ${code}`);
      }
      for (const file of files) total += fs.statSync(file).size;
    }
  }

  const warn = (message: string) => process.stderr.write(`logflush: ${message}\n`);
  let checkpoint: CheckpointStore | undefined;
  const checkpointFile =
    typeof options.checkpoint === 'string'
      ? options.checkpoint
      : follow && options.checkpoint !== false
        ? defaultCheckpointFile(options.stateDir, options.config, inputs)
        : undefined;
  if (checkpointFile !== undefined) {
    checkpoint = await CheckpointStore.open(checkpointFile, {
      moveBad: options.moveBadCheckpoint === true,
      intervalMs: options.checkpointInterval ?? 0,
      warn,
    });
  }

  const interactive = process.stderr.isTTY && !options.quiet;
  const progress = interactive ? new ProgressBar(process.stderr, total) : undefined;
  const pipeline: Pipeline = await prepared.start({
    configName: options.config,
    project: options.project,
    logstore: options.logstore,
    topic: options.topic,
    tags: stdin ? inputTags('-') : {},
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
  let failedInput = inputs[0]!;
  const onProgress = (bytes: number, logs: number) => progress?.add(bytes, logs);
  const onLineError = (error: Error) => {
    inputErrors++;
    logger.error('INPUT_PARSE_ALARM', error.message);
  };
  let reader: FileReader | undefined;
  const fileStats = (): FileStats[] => reader?.stats() ?? [];
  metrics?.attach(pipeline, fileStats);
  try {
    if (stdin) {
      await readInto(pipeline, {
        input: '-',
        format: options.inputFormat,
        signal,
        onProgress,
        onLineError,
      });
    } else if (options.inputFormat === 'protobuf') {
      for (const input of inputs)
        for (const file of expandGlob(input)) {
          failedInput = inputs.length > 1 || isGlob(input) ? file : input;
          await readProtobuf(pipeline, { input: file, signal, onProgress });
          if (signal.aborted) break;
        }
    } else {
      reader = new FileReader(pipeline, {
        patterns: inputs,
        format: options.inputFormat,
        follow,
        fromEnd: options.from === 'end',
        pollMs: options.pollInterval ?? 250,
        signal,
        checkpoint,
        project: { topic: options.topic, logstore: options.logstore },
        maxGroupLogs: options.maxGroupLogs,
        maxGroupBytes: options.maxGroupBytes,
        namePaths: inputs.length > 1 || inputs.some(isGlob),
        onProgress,
        onLineError,
        info: (message) => {
          if (follow && !options.quiet) warn(message);
        },
        warn,
      });
      await reader.run();
    }
  } catch (error) {
    inputFailure = error as Error;
  }
  progress?.done();
  metrics?.draining();
  const outcome = await pipeline.close();
  let checkpointFailure: string | undefined;
  if (checkpoint !== undefined) {
    try {
      await checkpoint.save();
    } catch (error) {
      checkpointFailure = (error as Error).message;
    }
  }
  const summary = formatSummary(outcome.flushers, inputErrors);
  const losses = hasLosses(outcome.flushers, inputErrors) || outcome.dropped > 0;
  // Logs left in a disk buffer are not lost (the flusher's next start delivers them), but the
  // operator should see them: the summary is printed, the exit code stays 0.
  const waiting = outcome.flushers.some((flusher) => (flusher.backlog?.logs ?? 0) > 0);
  if (interactive || options.summary === true || losses || waiting)
    process.stderr.write(`${summary}\n`);
  if (inputFailure !== undefined) {
    if (inputFailure instanceof LogGroupDecodeError)
      throw new UsageError(`input "${failedInput}": ${inputFailure.message}`);
    throw inputFailure;
  }
  if (losses) return { exitCode: exitCodes.undelivered };
  if (checkpointFailure !== undefined) {
    warn(checkpointFailure);
    return { exitCode: exitCodes.checkpoint };
  }
  return { exitCode: exitCodes.ok };
}

export { CheckpointError };
