import {
  FlusherStoppedError,
  type Flusher,
  type FlusherContext,
  type LogGroup,
} from '@logflush/core';
import type { FlusherStdoutConfig } from './config.js';
import { dateTimePrefix, formatLines } from './format.js';
import { LoggerSink } from './sinks/logger-sink.js';
import { RollingFileSink } from './sinks/rolling-file-sink.js';
import type { LineSink } from './sinks/sink.js';
import { StdoutSink } from './sinks/stdout-sink.js';

export const flusherStdoutType = 'flusher_stdout';

/**
 * Writes each log as one JSON line, synchronously within `flush`, so nothing is buffered and
 * `isReady` is always true.
 */
export class StdoutFlusher implements Flusher {
  #context: FlusherContext | undefined;
  #sink: LineSink | undefined;
  #stopped = false;

  constructor(readonly config: FlusherStdoutConfig) {}

  async init(context: FlusherContext): Promise<void> {
    this.#context = context;
    this.#sink = this.#openSink(context);
  }

  description(): string {
    return 'stdout flusher: writes each log as a JSON line to stdout, a size-rolled file or the logger';
  }

  isReady(_project: string, _logstore: string, _logstoreKey: bigint): boolean {
    return !this.#stopped;
  }

  async flush(
    _project: string,
    _logstore: string,
    _configName: string,
    logGroups: LogGroup[],
  ): Promise<void> {
    if (this.#stopped) throw new FlusherStoppedError(flusherStdoutType);
    const context = this.#context;
    const sink = this.#sink;
    if (context === undefined || sink === undefined) {
      throw new Error(`${flusherStdoutType}: flush called before init`);
    }
    const prefix = this.config.DateTimePrefix ? dateTimePrefix(new Date()) : '';
    const lines = formatLines(
      logGroups,
      { keyValuePairs: this.config.KeyValuePairs, tags: this.config.Tags },
      prefix,
    );
    const events = logGroups.reduce((sum, group) => sum + group.Logs.length, 0);
    context.metrics.add('in_event_groups', logGroups.length);
    context.metrics.add('in_events', events);
    try {
      await sink.write(lines);
    } catch (error) {
      context.metrics.add('failed_events', events);
      throw new Error(`${flusherStdoutType}: writing ${events} logs to ${this.#target()} failed: ${String(error)}`, {
        cause: error,
      });
    }
    context.metrics.add('out_events', events);
  }

  setUrgent(_flag: boolean): void {
    // Nothing is buffered: every flush has written its lines before it resolved.
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    await this.#sink?.close();
  }

  #openSink(context: FlusherContext): LineSink {
    if (this.config.OnlyStdout) return new StdoutSink();
    if (this.config.FileName !== '') {
      try {
        return new RollingFileSink(this.config.FileName, this.config.MaxSize, this.config.MaxRolls);
      } catch (error) {
        throw new Error(`${flusherStdoutType}: cannot open FileName "${this.config.FileName}": ${String(error)}`, {
          cause: error,
        });
      }
    }
    return new LoggerSink(context.logger);
  }

  #target(): string {
    if (this.config.OnlyStdout) return 'stdout';
    return this.config.FileName !== '' ? this.config.FileName : 'the logger';
  }
}
