import fs from 'node:fs';
import path from 'node:path';
import {
  FlusherStoppedError,
  kvLines,
  type Flusher,
  type FlusherContext,
  type LogGroup,
} from '@logflush/core';
import type { Flusher__PASCAL__Config } from './config.js';

export const flusher__PASCAL__Type = '__TYPE__';

/**
 * Appends each log as one kv JSON line to `OutputFile`, synchronously within `flush`, so nothing
 * is buffered and `isReady` is always true. Replace the file with your destination; keep the
 * lifecycle (open in `init`, deliver or reject in `flush`, drain and close in `stop`).
 */
export class __PASCAL__Flusher implements Flusher {
  #context: FlusherContext | undefined;
  #fd: number | undefined;
  #stopped = false;

  constructor(readonly config: Flusher__PASCAL__Config) {}

  async init(context: FlusherContext): Promise<void> {
    this.#context = context;
    try {
      fs.mkdirSync(path.dirname(this.config.OutputFile), { recursive: true });
      this.#fd = fs.openSync(this.config.OutputFile, 'a');
    } catch (error) {
      throw new Error(
        `${flusher__PASCAL__Type}: cannot open OutputFile "${this.config.OutputFile}": ${String(error)}`,
        { cause: error },
      );
    }
  }

  description(): string {
    return `${flusher__PASCAL__Type}: appends each log as a kv JSON line to ${this.config.OutputFile}`;
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
    if (this.#stopped) throw new FlusherStoppedError(flusher__PASCAL__Type);
    const context = this.#context;
    const fd = this.#fd;
    if (context === undefined || fd === undefined) {
      throw new Error(`${flusher__PASCAL__Type}: flush called before init`);
    }
    const lines = logGroups.flatMap((group) => kvLines(group).map((line) => `${line}\n`));
    context.metrics.add('in_event_groups', logGroups.length);
    context.metrics.add('in_events', lines.length);
    try {
      const buffer = Buffer.from(lines.join(''));
      let offset = 0;
      while (offset < buffer.length) offset += fs.writeSync(fd, buffer, offset);
      if (this.config.Sync) fs.fsyncSync(fd);
    } catch (error) {
      context.metrics.add('failed_events', lines.length);
      throw new Error(
        `${flusher__PASCAL__Type}: writing ${lines.length} logs to ${this.config.OutputFile} failed: ${String(error)}`,
        { cause: error },
      );
    }
    context.metrics.add('out_events', lines.length);
  }

  setUrgent(_flag: boolean): void {
    // Nothing is buffered: every flush has written its lines before it resolved.
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#fd === undefined) return;
    fs.fsyncSync(this.#fd);
    fs.closeSync(this.#fd);
    this.#fd = undefined;
  }
}
