import {
  countLogs,
  createFlusherContext,
  createMetrics,
  FlushFailedError,
  type Flusher,
  type FlusherBacklog,
  type FlusherMetrics,
  type LogGroup,
  type Logger,
} from '@logflush/core';
import { logstoreKey } from './logstore-key.js';

export interface PipelineFlusher {
  /** The name in the pipeline: its type, or `type/id`. */
  name: string;
  flusher: Flusher;
}

export interface FlusherOutcome {
  name: string;
  metrics: Record<string, number>;
  /** Logs the runner handed over that were not accepted or not delivered. */
  undelivered: number;
  errors: string[];
  /**
   * With a durable buffer (Flusher.backlog): the logs it holds, accepted and not yet delivered;
   * after stop, what waits there for the flusher's next start (delivered, not lost).
   */
  backlog?: FlusherBacklog;
}

export interface RunnerOptions {
  configName: string;
  project: string;
  logstore: string;
  logger: Logger;
  /** How long shutdown waits for a flusher to become ready for what is left. */
  drainTimeoutMs: number;
  /**
   * Flushes each flusher may have in progress at once (pipelined flushes); default 4. 1 awaits
   * every flush before the next, as iLogtail's loop does.
   */
  flushWindow?: number;
}

export interface RunningFlusher extends PipelineFlusher {
  metrics: FlusherMetrics;
  undelivered: number;
  errors: string[];
  /** Flushes handed to it that have not settled yet. */
  inFlight: number;
}

/** A flush handed to every flusher: `settled` resolves once each of them has resolved or rejected it. */
export interface Dispatched {
  readonly settled: Promise<void>;
}

/** The default of `flushWindow`. */
export const defaultFlushWindow = 4;

/**
 * The logs a FlushFailedError says were not delivered, else `fallback`. By name as well as by
 * class: a plugin that bundles its own copy of @logflush/core throws its copy's class.
 */
function failedEventsOf(error: unknown, fallback: number): number {
  if (error instanceof FlushFailedError) return error.failedEvents;
  const { name, failedEvents } = (error ?? {}) as { name?: unknown; failedEvents?: unknown };
  return name === 'FlushFailedError' && typeof failedEvents === 'number' && failedEvents >= 0
    ? failedEvents
    : fallback;
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * iLogtail's flush loop, pipelined: before each flush it polls every flusher's `isReady` every
 * 10 ms, then flushes to all of them, without waiting for the flush to resolve as long as the
 * flusher has fewer than `flushWindow` flushes in progress. Each flusher receives the groups in
 * the order they were dispatched. Shutdown is setUrgent(true), a bounded drain, then stop().
 */
export class PipelineRunner {
  readonly #flushers: RunningFlusher[];
  readonly #key: bigint;
  readonly #teardown = new AbortController();
  readonly #window: number;
  /** Per flusher: wakes a dispatch that waits for a free slot in the window. */
  readonly #slotWaiters = new Map<RunningFlusher, Array<() => void>>();
  #draining = false;

  constructor(
    flushers: readonly PipelineFlusher[],
    private readonly options: RunnerOptions,
  ) {
    this.#flushers = flushers.map((entry) => ({
      ...entry,
      metrics: createMetrics(),
      undelivered: 0,
      errors: [],
      inFlight: 0,
    }));
    this.#key = logstoreKey(options.project, options.logstore);
    const window = options.flushWindow ?? defaultFlushWindow;
    if (!Number.isInteger(window) || window < 1) {
      throw new TypeError(
        `options.flushWindow: expected a whole number ≥ 1, given ${JSON.stringify(window)}`,
      );
    }
    this.#window = window;
  }

  /** Most flushes in progress per flusher. */
  get flushWindow(): number {
    return this.#window;
  }

  /** Initializes every flusher; a failure stops those already initialized and rethrows. */
  async start(): Promise<void> {
    const started: RunningFlusher[] = [];
    for (const entry of this.#flushers) {
      const context = createFlusherContext({
        configName: this.options.configName,
        project: this.options.project,
        logstore: this.options.logstore,
        logger: this.options.logger,
        metrics: entry.metrics,
        signal: this.#teardown.signal,
      });
      try {
        await entry.flusher.init(context);
      } catch (error) {
        await Promise.allSettled(started.map((done) => done.flusher.stop()));
        throw new Error(`${entry.name}: init failed: ${(error as Error).message}`, {
          cause: error,
        });
      }
      started.push(entry);
    }
  }

  /** The flushers with their live counters. */
  get flushers(): readonly RunningFlusher[] {
    return this.#flushers;
  }

  /** Whether shutdown has begun (setUrgent(true) was called). */
  get draining(): boolean {
    return this.#draining;
  }

  /** Each flusher's counters and what it did not deliver, so far. */
  outcomes(): FlusherOutcome[] {
    return this.#flushers.map((entry) => ({
      name: entry.name,
      metrics: entry.metrics.snapshot(),
      undelivered: entry.undelivered,
      errors: [...entry.errors],
      ...backlogOf(entry.flusher),
    }));
  }

  /**
   * Waits until each flusher is ready, then flushes the groups to all of them and waits for the
   * flushes to settle. Never rejects: what a flusher does not take is counted against it.
   */
  async send(groups: LogGroup[]): Promise<void> {
    await (
      await this.dispatch(groups)
    ).settled;
  }

  /**
   * Hands the groups to every flusher: resolves once each flusher has a free slot in its window,
   * has said it is ready and has been called (so dispatches reach each flusher in the order they
   * were made, as long as the caller awaits each one before the next); `settled` then resolves
   * when every flusher has resolved or rejected the flush. Never rejects: what a flusher does
   * not take is counted against it.
   */
  async dispatch(groups: LogGroup[]): Promise<Dispatched> {
    if (groups.length === 0) return { settled: Promise.resolve() };
    const logs = countLogs(groups);
    const flushes = await Promise.all(
      // Each entry resolves to a box around its flush: an async function would adopt the promise.
      this.#flushers.map(async (entry): Promise<Dispatched> => {
        try {
          await this.#waitSlot(entry);
          if (!(await this.#waitReady(entry))) {
            this.#fail(
              entry,
              logs,
              `not ready within the ${this.options.drainTimeoutMs} ms drain bound`,
            );
            return { settled: Promise.resolve() };
          }
        } catch (error) {
          this.#fail(entry, logs, (error as Error).message);
          return { settled: Promise.resolve() };
        }
        entry.inFlight += 1;
        // Called now, so that it has the groups before the next dispatch; a flush that throws
        // instead of rejecting is counted the same way.
        let flushing: Promise<void>;
        try {
          flushing = entry.flusher.flush(
            this.options.project,
            this.options.logstore,
            this.options.configName,
            groups,
          );
        } catch (error) {
          flushing = Promise.reject(error instanceof Error ? error : new Error(String(error)));
        }
        const settled = flushing
          .catch((error: unknown) => {
            const failed = failedEventsOf(error, logs);
            this.#fail(entry, failed, (error as Error).message);
          })
          .finally(() => {
            entry.inFlight -= 1;
            this.#slotWaiters.get(entry)?.shift()?.();
          });
        return { settled };
      }),
    );
    return { settled: Promise.all(flushes.map((flush) => flush.settled)).then(() => {}) };
  }

  /** From now on, waiting for isReady is bounded by the drain timeout. */
  beginShutdown(): void {
    if (this.#draining) return;
    this.#draining = true;
    for (const entry of this.#flushers) entry.flusher.setUrgent(true);
  }

  /** setUrgent (if not yet), stop every flusher, and report what each did. */
  async stop(): Promise<FlusherOutcome[]> {
    this.beginShutdown();
    await Promise.all(
      this.#flushers.map(async (entry) => {
        try {
          await entry.flusher.stop();
        } catch (error) {
          // Logs a flusher accepted and then could not deliver (reported by stop, docs/design.md
          // §9.3) are counted; the message stays the stop's own.
          const failed = failedEventsOf(error, 0);
          this.#fail(entry, 0, `stop failed: ${(error as Error).message}`);
          entry.undelivered += failed;
        }
      }),
    );
    this.#teardown.abort();
    return this.outcomes();
  }

  /** Waits until `entry` has fewer than `flushWindow` flushes in progress. */
  async #waitSlot(entry: RunningFlusher): Promise<void> {
    while (entry.inFlight >= this.#window) {
      let waiters = this.#slotWaiters.get(entry);
      if (waiters === undefined) {
        waiters = [];
        this.#slotWaiters.set(entry, waiters);
      }
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  }

  async #waitReady(entry: RunningFlusher): Promise<boolean> {
    let deadline: number | undefined;
    while (!entry.flusher.isReady(this.options.project, this.options.logstore, this.#key)) {
      if (this.#draining) {
        deadline ??= Date.now() + this.options.drainTimeoutMs;
        if (Date.now() >= deadline) return false;
      }
      await sleep(10);
    }
    return true;
  }

  #fail(entry: RunningFlusher, logs: number, reason: string): void {
    entry.undelivered += logs;
    entry.errors.push(logs > 0 ? `${logs} logs not delivered: ${reason}` : reason);
    this.options.logger.error(
      'FLUSHER_FLUSH_ALARM',
      `${entry.name}: ${logs > 0 ? `${logs} logs not delivered: ` : ''}${reason}`,
    );
  }
}

function backlogOf(flusher: Flusher): { backlog?: FlusherBacklog } {
  const backlog = flusher.backlog?.();
  return backlog === undefined ? {} : { backlog: { logs: backlog.logs, bytes: backlog.bytes } };
}
