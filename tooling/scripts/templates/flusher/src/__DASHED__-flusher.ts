import fs from 'node:fs';
import path from 'node:path';
import {
  createLineFormatter,
  FailureTally,
  FlusherBase,
  type FlusherContext,
  type FlushRequest,
  type LineFormatter,
} from '@logflush/core';
import type { Flusher__PASCAL__Config } from './config.js';

export const flusher__PASCAL__Type = '__TYPE__';

/** What `open` creates and `close` releases: here a file, in your flusher its client. */
interface Output {
  readonly fd: number;
  readonly metrics: FlusherContext['metrics'];
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Appends each log as one line (the shared `Format` option) to `OutputFile`, within `flush`.
 * FlusherBase (`@logflush/core`, docs/design.md §9.1) keeps the lifecycle rules and counts
 * `in_events` / `in_event_groups`; this class says how to open, deliver one flush and close.
 * Replace the file with your destination.
 */
export class __PASCAL__Flusher extends FlusherBase<Output> {
  readonly #lines: LineFormatter;

  constructor(readonly config: Flusher__PASCAL__Config) {
    // Nothing is held past `flush`, so the buffer gauge has no bound. A flusher that holds logs
    // passes `{ maxBufferedBytes: config.MaxBufferedBytes }` and calls `this.buffer.hold(bytes)` /
    // `release(bytes)`: `isReady` is false while it is full (docs/design.md §9.4).
    super(flusher__PASCAL__Type);
    this.#lines = createLineFormatter(config);
  }

  description(): string {
    return `${flusher__PASCAL__Type}: appends each log as a ${this.config.Format} line to ${this.config.OutputFile}`;
  }

  protected async open(context: FlusherContext): Promise<Output> {
    try {
      fs.mkdirSync(path.dirname(this.config.OutputFile), { recursive: true });
      return { fd: fs.openSync(this.config.OutputFile, 'a'), metrics: context.metrics };
    } catch (error) {
      throw new Error(
        `${flusher__PASCAL__Type}: cannot open OutputFile "${this.config.OutputFile}": ${messageOf(error)}`,
        { cause: error },
      );
    }
  }

  protected async deliver({ fd, metrics }: Output, request: FlushRequest): Promise<void> {
    const lines = request.logGroups.flatMap((group) =>
      this.#lines(group).map((line) => `${line}\n`),
    );
    const buffer = Buffer.from(lines.join(''));
    metrics.add('in_size_bytes', buffer.length);
    try {
      // A flusher that retries wraps its send in withRetries(send, retryPolicy(this.config),
      // { hurry: () => this.urgent }) and throws DeliveryError(message, { retryable, cause })
      // from where it catches its client's errors (docs/design.md §9.2; the README shows it).
      let offset = 0;
      while (offset < buffer.length) offset += fs.writeSync(fd, buffer, offset);
      if (this.config.Sync) fs.fsyncSync(fd);
    } catch (error) {
      // What was not delivered is counted by reason and reported as one FlushFailedError.
      const failures = new FailureTally();
      failures.add(
        `writing to ${this.config.OutputFile} failed: ${messageOf(error)}`,
        request.events,
      );
      metrics.add('failed_events', failures.count);
      throw failures.toError(flusher__PASCAL__Type, request.events, '', { cause: error });
    }
    metrics.add('out_events', request.events);
  }

  protected async close({ fd }: Output): Promise<void> {
    // FlusherBase calls this once, after the flushes in progress: drain, then release.
    if (fs.fstatSync(fd).isFile()) fs.fsyncSync(fd);
    fs.closeSync(fd);
  }

  /** The plugin's type and description (`defineFlusher(__PASCAL__Flusher, configSchema)`). */
  static readonly type = flusher__PASCAL__Type;
  static readonly description = 'Appends each log as a line (kv JSON by default) to a local file.';
}
