import {
  createFlusherContext,
  createMetrics,
  FlushFailedError,
  type Flusher,
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
}

export interface RunnerOptions {
  configName: string;
  project: string;
  logstore: string;
  logger: Logger;
  /** How long shutdown waits for a flusher to become ready for what is left. */
  drainTimeoutMs: number;
}

export interface RunningFlusher extends PipelineFlusher {
  metrics: FlusherMetrics;
  undelivered: number;
  errors: string[];
}

const countLogs = (groups: readonly LogGroup[]) =>
  groups.reduce((sum, group) => sum + group.Logs.length, 0);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * iLogtail's flush loop: before each flush it polls every flusher's `isReady` every 10 ms,
 * then flushes to all of them; shutdown is setUrgent(true), a bounded drain, then stop().
 */
export class PipelineRunner {
  readonly #flushers: RunningFlusher[];
  readonly #key: bigint;
  readonly #teardown = new AbortController();
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
    }));
    this.#key = logstoreKey(options.project, options.logstore);
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
    }));
  }

  /**
   * Waits until each flusher is ready, then flushes the groups to all of them. Never rejects:
   * what a flusher does not take is counted against it.
   */
  async send(groups: LogGroup[]): Promise<void> {
    if (groups.length === 0) return;
    const logs = countLogs(groups);
    await Promise.all(
      this.#flushers.map(async (entry) => {
        try {
          if (!(await this.#waitReady(entry))) {
            this.#fail(
              entry,
              logs,
              `not ready within the ${this.options.drainTimeoutMs} ms drain bound`,
            );
            return;
          }
          await entry.flusher.flush(
            this.options.project,
            this.options.logstore,
            this.options.configName,
            groups,
          );
        } catch (error) {
          const failed = error instanceof FlushFailedError ? error.failedEvents : logs;
          this.#fail(entry, failed, (error as Error).message);
        }
      }),
    );
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
          const failed = error instanceof FlushFailedError ? error.failedEvents : 0;
          this.#fail(entry, 0, `stop failed: ${(error as Error).message}`);
          entry.undelivered += failed;
        }
      }),
    );
    this.#teardown.abort();
    return this.outcomes();
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
