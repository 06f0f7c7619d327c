import {
  createConsoleLogger,
  FlusherRegistry,
  type Flusher,
  type FlusherPlugin,
  type FlusherMetrics,
  type Log,
  type LogGroup,
  type Logger,
} from '@logflush/core';
import { buildFlushers } from './build.js';
import { resolveFlusherEntries } from './config.js';
import { GroupBuilder } from './group-builder.js';
import { hostIp } from './host.js';
import { addPlugins, loadFlusherTypes, type ResolveFrom } from './plugins.js';
import { toLog } from './record.js';
import {
  defaultFlushWindow,
  PipelineRunner,
  type FlusherOutcome,
  type PipelineFlusher,
} from './runner.js';
import { wholeOption, whenFullOption } from './logger-options.js';

/** What a pipeline file holds (`{ flushers: [...] }`, iLogtail's or LoongCollector's shape), or `{ pipeline: file }`. */
export type PipelineConfig =
  | { pipeline: string }
  | { flushers: readonly unknown[]; [section: string]: unknown }
  | Record<string, unknown>;

export interface PipelineOptions {
  /** Third-party plugin packages to load (each exports `plugin` or `plugins`), or plugin descriptors (defineFlusher) as they are. */
  plugins?: ReadonlyArray<string | FlusherPlugin>;
  /** Where plugin packages are resolved from; default `process.cwd()`, then this package's own location. */
  resolveFrom?: ResolveFrom;
  /** Passed to the flushers; default `logflush`. */
  project?: string;
  /** Passed to the flushers and set as each group's Category; default `default`. */
  logstore?: string;
  /** Each group's Topic; default empty. */
  topic?: string;
  /** Each group's Source; default the host's first non-internal IPv4 address. */
  source?: string;
  /** Each group's LogTags, in key order; default none. */
  tags?: Record<string, string>;
  /** The config name the flushers are given; default the pipeline file, or `pipeline`. */
  configName?: string;
  /** Most logs in one LogGroup; default 1024. */
  maxGroupLogs?: number;
  /** Most content bytes (keys and values, UTF-16 length) in one LogGroup; default 1 MiB. */
  maxGroupBytes?: number;
  /** How long a partial group waits for more logs before it is handed over; default 1000 ms; Infinity: until full, flush() or close(). */
  lingerMs?: number;
  /**
   * Flushes each flusher may have in progress at once: the runner hands a flusher the next
   * group without waiting for the previous flush to resolve, up to this many (each flusher
   * still gets the groups in write order); default 4; 1 waits for every flush.
   */
  flushWindow?: number;
  /** The most logs the pipeline holds (written, not yet resolved by every flusher); default (flushWindow + 1) × maxGroupLogs. */
  maxBufferedLogs?: number;
  /** What write does at maxBufferedLogs: `block` (accept, return false: wait for ready()) or `drop` (drop and count); default `block`. */
  whenFull?: 'block' | 'drop';
  /** Where the pipeline and the flushers log; default JSON lines on stderr. */
  logger?: Logger;
  /** On close, how long to wait for a flusher that is not ready; default 30 s. */
  drainTimeoutMs?: number;
}

/** A flusher of the pipeline with its live counters. */
export interface PipelineFlusherHandle {
  /** Its name in the pipeline: the type, or `type/id`. */
  readonly name: string;
  readonly flusher: Flusher;
  readonly metrics: FlusherMetrics;
}

export interface PipelineOutcome {
  /** Logs written that every flusher delivered (written − dropped − undelivered). */
  delivered: number;
  /** Logs that a flusher did not deliver: the most that any one flusher did not (a log lost by two counts once). */
  undelivered: number;
  /** Logs the pipeline itself dropped: at its bound with whenFull `drop`, or written after close(). */
  dropped: number;
  flushers: FlusherOutcome[];
}

export interface PipelineMetrics extends PipelineOutcome {
  /** Logs written (accepted or dropped). */
  written: number;
  /** Logs the pipeline holds now: not yet resolved by every flusher. */
  buffered: number;
}

export interface Pipeline {
  /** The flushers, in pipeline order. */
  readonly flushers: readonly PipelineFlusherHandle[];
  /**
   * Adds a record (mapped by the record rule) or a ready-made Log. False: the pipeline is at
   * maxBufferedLogs; with `block` the entry was accepted and the caller should wait for ready()
   * before writing more, with `drop` the entry was dropped and counted.
   */
  write(entry: Record<string, unknown> | Log): boolean;
  /** Hands over ready-made LogGroups unchanged (after the partial group); returns as write does. */
  writeGroups(groups: readonly LogGroup[]): boolean;
  /** Resolves when write will accept again (below maxBufferedLogs). */
  ready(): Promise<void>;
  /** Hands over the partial group; resolves when every entry written so far is resolved by every flusher. */
  flush(): Promise<void>;
  /**
   * Resolves once every entry written before the call has been resolved by every flusher
   * (delivered, or counted as not delivered), without handing over the partial group: a
   * checkpoint for a reader that records how far its input was delivered. Marks resolve in the
   * order they were made.
   */
  mark(): Promise<void>;
  /** setUrgent(true) on every flusher, and waits for isReady are bounded by drainTimeoutMs from now on; writes are still accepted. */
  beginShutdown(): void;
  /** flush, setUrgent(true), a bounded drain, stop. Never rejects for delivery failures; the same promise every time. */
  close(): Promise<PipelineOutcome>;
  /** Counters now. */
  metrics(): PipelineMetrics;
}

/** A pipeline whose config and plugins are loaded and whose flushers are created, not yet started. */
export interface PreparedPipeline {
  /** The pipeline file, or undefined for an object config. */
  readonly file: string | undefined;
  readonly registry: FlusherRegistry;
  readonly flushers: readonly PipelineFlusher[];
  /**
   * Initializes the flushers and returns the running pipeline; an init failure stops those
   * already started and rejects. `options` (grouping, names, bounds) add to those given to
   * preparePipeline; plugins and resolveFrom have been used already.
   */
  start(options?: PipelineOptions): Promise<Pipeline>;
}

/**
 * Loads the config (`{ pipeline: file }` reads the file), the plugins it names and creates its
 * flushers, without starting them. Throws PipelineConfigError (every problem with its path).
 */
export async function preparePipeline(
  config: PipelineConfig,
  options: PipelineOptions = {},
): Promise<PreparedPipeline> {
  const label = options.configName ?? 'pipeline';
  const { entries, file } = resolveFlusherEntries(config, label);
  const registry = await addPlugins(new FlusherRegistry(), options.plugins ?? [], options);
  const problems = await loadFlusherTypes(
    registry,
    entries.map((entry) => entry.type),
    options,
  );
  const flushers = buildFlushers(registry, entries, file ?? label, problems);
  let started = false;
  return {
    file,
    registry,
    flushers,
    start: (more = {}) => {
      if (started)
        return Promise.reject(
          new Error('this prepared pipeline was started already: prepare another'),
        );
      started = true;
      const merged = { ...options, ...more };
      return startPipeline(flushers, { ...merged, configName: merged.configName ?? file ?? label });
    },
  };
}

/** `preparePipeline(config, options)`, then `start()`: a running pipeline. */
export async function createPipeline(
  config: PipelineConfig,
  options: PipelineOptions = {},
): Promise<Pipeline> {
  return (await preparePipeline(config, options)).start();
}

interface Waiter {
  target: number;
  resolve: () => void;
}

async function startPipeline(
  flushers: readonly PipelineFlusher[],
  options: PipelineOptions,
): Promise<Pipeline> {
  const whole = (name: keyof PipelineOptions, min: number, allowInfinity = false) =>
    wholeOption(`options.${name}`, options[name], min, allowInfinity);
  const maxGroupLogs = whole('maxGroupLogs', 1) ?? 1024;
  const maxGroupBytes = whole('maxGroupBytes', 1) ?? 1024 * 1024;
  const lingerMs = whole('lingerMs', 0, true) ?? 1000;
  const flushWindow = whole('flushWindow', 1) ?? defaultFlushWindow;
  // One group more than the window: the next group fills while the window's flushes are out.
  const maxBufferedLogs = whole('maxBufferedLogs', 1) ?? (flushWindow + 1) * maxGroupLogs;
  const drainTimeoutMs = whole('drainTimeoutMs', 0, true) ?? 30_000;
  const whenFull = whenFullOption('options.whenFull', options.whenFull);
  const project = options.project ?? 'logflush';
  const logstore = options.logstore ?? 'default';
  const configName = options.configName ?? 'pipeline';
  const logger = options.logger ?? createConsoleLogger({ bindings: { config: configName } });
  const runner = new PipelineRunner(flushers, {
    configName,
    project,
    logstore,
    logger,
    drainTimeoutMs,
    flushWindow,
  });
  await runner.start();
  const builder = new GroupBuilder(
    { maxLogs: maxGroupLogs, maxBytes: maxGroupBytes },
    {
      topic: options.topic ?? '',
      source: options.source ?? hostIp(),
      category: logstore,
      tags: Object.entries(options.tags ?? {}).map(([Key, Value]) => ({
        Key,
        Value: String(Value),
      })),
    },
  );

  let accepted = 0; // logs accepted: in groups being built, queued, in flight or resolved
  let resolved = 0; // of them, logs every flusher has resolved
  let dropped = 0;
  let lateWarned = false;
  const queue: LogGroup[] = [];
  let pump: Promise<void> | undefined;
  let pumpScheduled = false;
  let linger: NodeJS.Timeout | undefined;
  let closing: Promise<PipelineOutcome> | undefined;
  let closed = false;
  const flushWaiters: Waiter[] = [];
  let readyWaiters: Array<() => void> = [];

  const held = () => accepted - resolved;

  const wake = () => {
    for (let i = flushWaiters.length - 1; i >= 0; i--) {
      const waiter = flushWaiters[i]!;
      if (waiter.target <= resolved) {
        flushWaiters.splice(i, 1);
        waiter.resolve();
      }
    }
    if (held() < maxBufferedLogs || closed) {
      const waiting = readyWaiters;
      readyWaiters = [];
      for (const resolve of waiting) resolve();
    }
  };

  // Flushes settle in any order; `resolved` grows in dispatch order, so that flush() and ready()
  // never count a group as resolved while an earlier one is still in progress.
  let settling: Promise<void> = Promise.resolve();
  let unsettled = 0;
  const runPump = async () => {
    while (queue.length > 0) {
      const groups = queue.splice(0);
      const logs = groups.reduce((sum, group) => sum + group.Logs.length, 0);
      const { settled } = await runner.dispatch(groups);
      unsettled++;
      settling = Promise.all([settling, settled]).then(() => {
        unsettled--;
        resolved += logs;
        wake();
      });
    }
  };

  const schedulePump = () => {
    if (pump !== undefined || pumpScheduled) return;
    pumpScheduled = true;
    queueMicrotask(() => {
      pumpScheduled = false;
      if (pump !== undefined) return;
      pump = runPump().finally(() => {
        pump = undefined;
        if (queue.length > 0) schedulePump();
      });
    });
  };

  const enqueue = (group: LogGroup) => {
    queue.push(group);
    schedulePump();
  };

  const handOver = () => {
    if (linger !== undefined) {
      clearTimeout(linger);
      linger = undefined;
    }
    const partial = builder.take();
    if (partial !== undefined) enqueue(partial);
  };

  const startLinger = () => {
    if (linger === undefined && Number.isFinite(lingerMs)) linger = setTimeout(handOver, lingerMs);
  };

  /** Drops `logs` that arrive when the pipeline cannot take them; true when dropped. */
  const refuse = (logs: number): boolean => {
    if (closed) {
      dropped += logs;
      if (!lateWarned) {
        lateWarned = true;
        logger.warn(
          'PIPELINE_CLOSED_ALARM',
          `${logs} logs written after close() were dropped (counted in "dropped")`,
        );
      }
      return true;
    }
    if (whenFull === 'drop' && held() >= maxBufferedLogs) {
      dropped += logs;
      return true;
    }
    return false;
  };

  const afterAccept = (): boolean => {
    if (held() < maxBufferedLogs) return true;
    // At the bound: what is held must be on its way, or ready() would wait for the linger.
    handOver();
    return false;
  };

  const write = (entry: Record<string, unknown> | Log): boolean => {
    if (refuse(1)) return false;
    const log = toLog(entry);
    const full = builder.add(log);
    accepted++;
    if (full !== undefined) {
      enqueue(full);
      if (linger !== undefined) clearTimeout(linger);
      linger = undefined;
    }
    startLinger();
    return afterAccept();
  };

  const writeGroups = (groups: readonly LogGroup[]): boolean => {
    const logs = groups.reduce((sum, group) => sum + group.Logs.length, 0);
    if (refuse(logs)) return false;
    handOver();
    for (const group of groups) {
      accepted += group.Logs.length;
      enqueue(group);
    }
    return afterAccept();
  };

  const ready = (): Promise<void> => {
    if (held() < maxBufferedLogs || closed) return Promise.resolve();
    handOver();
    return new Promise((resolve) => readyWaiters.push(resolve));
  };

  const flush = (): Promise<void> => {
    handOver();
    const target = accepted;
    if (target <= resolved) return Promise.resolve();
    return new Promise((resolve) => flushWaiters.push({ target, resolve }));
  };

  const mark = (): Promise<void> => {
    const target = accepted;
    if (target <= resolved) return Promise.resolve();
    return new Promise((resolve) => flushWaiters.push({ target, resolve }));
  };

  const idle = async () => {
    while (pump !== undefined || pumpScheduled || queue.length > 0 || unsettled > 0) {
      if (pump !== undefined) await pump;
      else if (unsettled > 0) await settling;
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };

  const outcome = (): PipelineMetrics => {
    const flusherOutcomes = runner.outcomes();
    const lost = Math.max(
      0,
      ...flusherOutcomes.map((entry) =>
        Math.max(
          entry.undelivered,
          (entry.metrics.failed_events ?? 0) + (entry.metrics.dropped_events ?? 0),
        ),
      ),
    );
    const undelivered = Math.min(lost, resolved);
    return {
      written: accepted + dropped,
      buffered: held(),
      delivered: resolved - undelivered,
      undelivered,
      dropped,
      flushers: flusherOutcomes,
    };
  };

  const close = (): Promise<PipelineOutcome> => {
    closing ??= (async () => {
      handOver();
      closed = true;
      runner.beginShutdown();
      await idle();
      const flusherOutcomes = await runner.stop();
      wake();
      const { delivered, undelivered } = outcome();
      return { delivered, undelivered, dropped, flushers: flusherOutcomes };
    })();
    return closing;
  };

  return {
    flushers: runner.flushers.map(({ name, flusher, metrics }) => ({ name, flusher, metrics })),
    write,
    writeGroups,
    ready,
    flush,
    mark,
    beginShutdown: () => runner.beginShutdown(),
    close,
    metrics: () => outcome(),
  };
}
