import {
  FlusherLifecycleError,
  FlusherNotInitializedError,
  FlusherStoppedError,
} from '../errors.js';
import type { Flusher, FlusherBacklog, FlusherContext } from '../flusher.js';
import type { LogGroup } from '../loggroup/types.js';
import { BufferGauge } from './buffer-gauge.js';
import type { LogBuffer } from './disk-buffer/types.js';

/** One `flush` call, as the base class hands it to `deliver`. */
export interface FlushRequest {
  readonly project: string;
  readonly logstore: string;
  readonly configName: string;
  readonly logGroups: LogGroup[];
  /** The number of logs in `logGroups`. */
  readonly events: number;
}

export interface FlusherBaseOptions {
  /** The bound of `buffer` (MaxBufferedBytes); default: none. */
  readonly maxBufferedBytes?: number;
}

type State = 'new' | 'starting' | 'running' | 'stopped';

/** The number of logs in `groups`. */
export function countLogs(groups: readonly LogGroup[]): number {
  let logs = 0;
  for (const group of groups) logs += group.Logs.length;
  return logs;
}

/**
 * The flusher lifecycle, once for every flusher (docs/design.md §2): a subclass says how to `open` its
 * resources, `deliver` one flush and `close`; this class keeps the rules:
 * - `isReady` is false before `init` has resolved, after `stop`, and while `buffer` (or the
 *   disk buffer, see diskBuffer) is full;
 * - `flush` before `init` rejects with FlusherNotInitializedError, after `stop` with
 *   FlusherStoppedError; otherwise it counts `in_events` and `in_event_groups` and delivers;
 * - `stop` calls `onStop`, waits for the flushes in progress, then closes; a second `stop` returns the same
 *   promise (with the same outcome); `stop` before `init` resolves at once.
 */
export abstract class FlusherBase<Resources> implements Flusher {
  /** Bytes accepted and not yet delivered, against MaxBufferedBytes. */
  readonly buffer: BufferGauge;
  #state: State = 'new';
  #context: FlusherContext | undefined;
  #resources: Resources | undefined;
  #starting: Promise<void> | undefined;
  #stopping: Promise<void> | undefined;
  #urgent = false;
  readonly #flushes = new Set<Promise<void>>();

  constructor(
    readonly type: string,
    options: FlusherBaseOptions = {},
  ) {
    this.buffer = new BufferGauge(options.maxBufferedBytes);
  }

  abstract description(): string;

  /** Creates what the flusher needs (connections, files); a rejection fails `init`. */
  protected abstract open(context: FlusherContext): Promise<Resources>;

  /** Accepts one flush: resolves once its logs are delivered or safely held (docs/design.md §2). */
  protected abstract deliver(resources: Resources, request: FlushRequest): Promise<void>;

  /** Delivers whatever is held, then releases every resource. */
  protected abstract close(resources: Resources): Promise<void>;

  /** A flusher's own readiness beyond the lifecycle and the buffer bound. */
  protected ready(_project: string, _logstore: string, _logstoreKey: bigint): boolean {
    return true;
  }

  /** Called by `setUrgent`, before or after `init`. */
  protected onUrgent(_flag: boolean): void {}

  /**
   * Called once when `stop` begins, before it waits for the flushes in progress: a flusher whose
   * flushes wait for something that lingers (a batch timer) sends it now, so they can end.
   */
  protected onStop(): void {}

  /**
   * The flusher's disk buffer (`Buffer: {"Type": "disk"}`) once it is open; none by default. A
   * flusher with one returns it: `backlog()` reports what it holds, and `isReady` is false while
   * an append would wait for room in it (WhenFull block).
   */
  protected diskBuffer(): LogBuffer | undefined {
    return undefined;
  }

  /** What the flusher's disk buffer holds (Flusher.backlog); undefined without one. */
  backlog(): FlusherBacklog | undefined {
    const backlog = this.diskBuffer()?.backlog;
    return backlog === undefined ? undefined : { logs: backlog.logs, bytes: backlog.bytes };
  }

  /** The context given to `init` (undefined before). */
  protected get context(): FlusherContext | undefined {
    return this.#context;
  }

  /** The resources `open` made (undefined before `init` resolved). */
  protected get resources(): Resources | undefined {
    return this.#resources;
  }

  /** `setUrgent(true)` was called: linger less, wait less. */
  protected get urgent(): boolean {
    return this.#urgent;
  }

  /** `stop` was called. */
  protected get stopped(): boolean {
    return this.#state === 'stopped';
  }

  init(context: FlusherContext): Promise<void> {
    if (this.#state !== 'new') {
      const when = this.#state === 'stopped' ? 'after stop' : 'twice';
      return Promise.reject(new FlusherLifecycleError(this.type, `init called ${when}`));
    }
    this.#state = 'starting';
    this.#context = context;
    this.#starting = this.open(context).then(
      (resources) => {
        this.#resources = resources;
        if (this.#state === 'starting') this.#state = 'running';
      },
      (error: unknown) => {
        if (this.#state === 'starting') this.#state = 'new';
        throw error;
      },
    );
    return this.#starting;
  }

  isReady(project: string, logstore: string, logstoreKey: bigint): boolean {
    return (
      this.#state === 'running' &&
      !this.buffer.full &&
      this.diskBuffer()?.full !== true &&
      this.ready(project, logstore, logstoreKey)
    );
  }

  async flush(
    project: string,
    logstore: string,
    configName: string,
    logGroups: LogGroup[],
  ): Promise<void> {
    if (this.#state === 'stopped') throw new FlusherStoppedError(this.type);
    const resources = this.#resources;
    if (this.#state !== 'running' || resources === undefined) {
      throw new FlusherNotInitializedError(this.type);
    }
    const events = countLogs(logGroups);
    const { metrics } = this.#context!;
    metrics.add('in_event_groups', logGroups.length);
    metrics.add('in_events', events);
    const delivery = this.deliver(resources, { project, logstore, configName, logGroups, events });
    const settled = delivery.then(
      () => {},
      () => {},
    );
    this.#flushes.add(settled);
    void settled.then(() => this.#flushes.delete(settled));
    return delivery;
  }

  setUrgent(flag: boolean): void {
    this.#urgent = flag;
    this.onUrgent(flag);
  }

  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    const starting = this.#starting;
    this.#state = 'stopped';
    this.onStop();
    if (starting !== undefined) {
      // An init that failed left nothing to release.
      const started = await starting.then(
        () => true,
        () => false,
      );
      if (!started) return;
    }
    const resources = this.#resources;
    if (resources === undefined) return;
    while (this.#flushes.size > 0) await Promise.all([...this.#flushes]);
    await this.close(resources);
  }
}
