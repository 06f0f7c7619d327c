import {
  FlusherStoppedError,
  type Flusher,
  type FlusherContext,
  type LogGroup,
} from '@logflush/core';
import type { FlusherFileConfig } from './config.js';
import { describeFailure, FlushFailures } from './flush-failures.js';
import { createLineFormat, type LineFormat } from './format/line-format.js';
import { routeLogs } from './format/route-logs.js';
import { BufferPool } from './output/buffer-pool.js';
import { FileTarget, TargetWriteError, type TargetSettings } from './output/file-target.js';
import { OpenFileLimit } from './output/open-file-limit.js';
import { Rotator } from './output/rotator.js';
import { FilePathTemplate } from './paths/file-path-template.js';

export const flusherFileType = 'flusher_file';

/** Tries for a write that meets a transient error (a full disk), and the pause before each retry. */
const WRITE_ATTEMPTS = 3;
const RETRY_DELAY_MS = 100;

interface Running {
  readonly context: FlusherContext;
  readonly rotator: Rotator;
  readonly limit: OpenFileLimit;
  readonly settings: TargetSettings;
  readonly timers: NodeJS.Timeout[];
}

/**
 * Writes each log as one line to a file whose path may depend on the log (FilePath template).
 * A flush formats its logs, hands each file its lines as one write, and resolves once they are
 * written (and fsynced under Sync always); until then they count against MaxBufferedBytes.
 */
export class FileFlusher implements Flusher {
  readonly #template: FilePathTemplate;
  readonly #format: LineFormat;
  readonly #targets = new Map<string, FileTarget>();
  readonly #buffers = new BufferPool();
  #running: Running | undefined;
  #bufferedBytes = 0;
  #urgent = false;
  #stopped = false;
  #stopping: Promise<void> | undefined;

  constructor(readonly config: FlusherFileConfig) {
    this.#template = new FilePathTemplate(config.FilePath, config.BaseDir, config.TimeZone);
    this.#format = createLineFormat(config.Format, config.RawKey);
  }

  /** The directory every file stays inside. */
  get baseDir(): string {
    return this.#template.baseDir;
  }

  /** Bytes formatted and not yet written. */
  get bufferedBytes(): number {
    return this.#bufferedBytes;
  }

  async init(context: FlusherContext): Promise<void> {
    const config = this.config;
    const rotator = new Rotator(config.MaxFiles, config.Compression, context.logger);
    const limit = new OpenFileLimit(config.MaxOpenFiles);
    const settings: TargetSettings = {
      baseDir: this.#template.baseDir,
      maxFileSize: config.MaxFileSize,
      fileMode: config.FileMode,
      dirMode: config.DirMode,
      sync: config.Sync,
      rotator,
      limit,
      logger: context.logger,
      retry: {
        attempts: WRITE_ATTEMPTS,
        delayMs: (attempt) => (this.#urgent ? 0 : RETRY_DELAY_MS * 2 ** (attempt - 1)),
        onRetry: (error, attempt) => {
          context.metrics.add('retries', 1);
          context.logger.warn(
            'FLUSHER_FLUSH_ALARM',
            `flusher_file: ${error.message}; retrying (attempt ${attempt + 1} of ${WRITE_ATTEMPTS})`,
          );
        },
      },
      onIdle: (target) => {
        if (!target.isOpen && this.#targets.get(target.path) === target)
          this.#targets.delete(target.path);
        limit.wake();
      },
    };
    const timers: NodeJS.Timeout[] = [];
    if (config.Sync === 'interval')
      timers.push(setInterval(() => this.#syncDirtyFiles(), config.SyncInterval).unref());
    if (config.IdleTimeout > 0) {
      const every = Math.max(config.IdleTimeout / 2, 10);
      timers.push(setInterval(() => this.#closeIdleFiles(), every).unref());
    }
    this.#running = { context, rotator, limit, settings, timers };
  }

  description(): string {
    return `file flusher: writes each log as a ${this.config.Format} line to ${this.config.FilePath}`;
  }

  isReady(_project: string, _logstore: string, _logstoreKey: bigint): boolean {
    return !this.#stopped && this.#bufferedBytes < this.config.MaxBufferedBytes;
  }

  async flush(
    _project: string,
    _logstore: string,
    _configName: string,
    logGroups: LogGroup[],
  ): Promise<void> {
    if (this.#stopped) throw new FlusherStoppedError(flusherFileType);
    const running = this.#running;
    if (running === undefined) throw new Error(`${flusherFileType}: flush called before init`);
    const { metrics } = running.context;
    const started = Date.now();
    const events = logGroups.reduce((sum, group) => sum + group.Logs.length, 0);
    metrics.add('in_event_groups', logGroups.length);
    metrics.add('in_events', events);

    const routed = routeLogs(logGroups, this.#format, this.#template);
    const failures = new FlushFailures();
    for (const [reason, logs] of routed.problems) failures.add(reason, logs);
    const writes: Array<Promise<void>> = [];
    for (const [file, lines] of routed.linesByFile) {
      const { buffer, data } = this.#buffers.encodeLines(lines);
      metrics.add('in_size_bytes', data.length);
      this.#bufferedBytes += data.length;
      const written = this.#target(file, running.settings)
        .write(data)
        .catch((error: unknown) => {
          const reached = error instanceof TargetWriteError ? error.linesWritten : 0;
          failures.add(describeFailure(error), lines.length - reached);
        })
        .finally(() => {
          this.#bufferedBytes -= data.length;
          this.#buffers.release(buffer);
        });
      writes.push(written);
    }
    await Promise.all(writes);
    metrics.add('out_events', events - failures.count);
    metrics.add('total_delay_ms', Date.now() - started);
    if (failures.count > 0) {
      metrics.add('failed_events', failures.count);
      throw failures.toError(flusherFileType, events);
    }
  }

  setUrgent(flag: boolean): void {
    // Lines never linger: a flush writes before it resolves. Urgent only drops retry pauses.
    this.#urgent = flag;
  }

  stop(): Promise<void> {
    this.#stopped = true;
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    const running = this.#running;
    if (running === undefined) return;
    for (const timer of running.timers) clearInterval(timer);
    const problems: string[] = [];
    const closing = [...this.#targets.values()].map((target) =>
      target.close().catch((error: unknown) => problems.push(describeFailure(error))),
    );
    await Promise.all(closing);
    for (const error of await running.rotator.settle()) problems.push(error.message);
    if (problems.length > 0) {
      throw new Error(
        `${flusherFileType}: stop could not make every file durable: ${problems.join('; ')}`,
      );
    }
  }

  #target(file: string, settings: TargetSettings): FileTarget {
    let target = this.#targets.get(file);
    if (target === undefined) {
      target = new FileTarget(file, settings);
      this.#targets.set(file, target);
    }
    return target;
  }

  #syncDirtyFiles(): void {
    for (const target of this.#targets.values()) {
      if (target.dirty) {
        target.sync().catch((error: unknown) => {
          this.#running?.context.logger.error(
            'FLUSHER_FLUSH_ALARM',
            `${flusherFileType}: ${describeFailure(error)}`,
          );
        });
      }
    }
  }

  #closeIdleFiles(): void {
    const idleSince = Date.now() - this.config.IdleTimeout;
    for (const target of this.#targets.values()) {
      if (target.idle && target.lastWrite <= idleSince) {
        target.close().catch((error: unknown) => {
          this.#running?.context.logger.error(
            'FLUSHER_FLUSH_ALARM',
            `${flusherFileType}: ${describeFailure(error)}`,
          );
        });
      }
    }
  }
}
