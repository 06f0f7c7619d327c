import { FailureTally, FlusherBase, type FlusherContext, type FlushRequest } from '@logflush/core';
import type { FlusherStdoutConfig } from './config.js';
import { dateTimePrefix, formatLines } from './format.js';
import { LoggerSink } from './sinks/logger-sink.js';
import { RollingFileSink } from './sinks/rolling-file-sink.js';
import type { LineSink } from './sinks/sink.js';
import { StdoutSink } from './sinks/stdout-sink.js';

export const flusherStdoutType = 'flusher_stdout';

/** What `init` opens: where the lines go, and the counters of the context. */
interface Output {
  readonly sink: LineSink;
  /** The sink as the error messages name it: stdout, the FileName or "the logger". */
  readonly target: string;
  readonly metrics: FlusherContext['metrics'];
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Writes each log as one JSON line, within `flush`: nothing is buffered (the buffer gauge has no
 * bound and stays empty), so `isReady` is true from `init` to `stop` (docs/design.md §9.1).
 */
export class StdoutFlusher extends FlusherBase<Output> {
  constructor(readonly config: FlusherStdoutConfig) {
    super(flusherStdoutType);
  }

  description(): string {
    return 'stdout flusher: writes each log as a JSON line to stdout, a size-rolled file or the logger';
  }

  protected async open(context: FlusherContext): Promise<Output> {
    const { metrics } = context;
    if (this.config.OnlyStdout) return { sink: new StdoutSink(), target: 'stdout', metrics };
    const file = this.config.FileName;
    if (file === '') return { sink: new LoggerSink(context.logger), target: 'the logger', metrics };
    try {
      const sink = new RollingFileSink(file, this.config.MaxSize, this.config.MaxRolls);
      return { sink, target: file, metrics };
    } catch (error) {
      throw new Error(`${flusherStdoutType}: cannot open FileName "${file}": ${String(error)}`, {
        cause: error,
      });
    }
  }

  protected async deliver({ sink, target, metrics }: Output, request: FlushRequest): Promise<void> {
    const prefix = this.config.DateTimePrefix ? dateTimePrefix(new Date()) : '';
    const lines = formatLines(
      request.logGroups,
      { keyValuePairs: this.config.KeyValuePairs, tags: this.config.Tags },
      prefix,
    );
    try {
      await sink.write(lines);
    } catch (error) {
      // A write that failed part way may have written some lines: all of them are counted.
      const failures = new FailureTally();
      failures.add(`writing to ${target} failed: ${messageOf(error)}`, request.events);
      metrics.add('failed_events', failures.count);
      throw failures.toError(flusherStdoutType, request.events, '', { cause: error });
    }
    metrics.add('out_events', request.events);
  }

  protected async close({ sink }: Output): Promise<void> {
    await sink.close();
  }

  /** The plugin's type and description (`defineFlusher(StdoutFlusher, configSchema)`). */
  static readonly type = flusherStdoutType;
  static readonly description =
    'Writes logs as JSON lines to stdout, a size-rolled file or the pipeline logger.';
}
