import {
  createConverter,
  createLineFormatter,
  FailureTally,
  FlusherBase,
  retryPolicy,
  type FlushRequest,
  type FlusherContext,
  type LineFormatter,
  type Logger,
  type LogConverter,
} from '@logflush/core';
import type { FlusherFileConfig } from './config.js';
import { routeLogs } from './format/route-logs.js';
import { BufferPool } from './output/buffer-pool.js';
import { FileTarget, TargetWriteError, type TargetSettings } from './output/file-target.js';
import { describeFailure } from './output/fs-errors.js';
import { OpenFileLimit } from './output/open-file-limit.js';
import { Rotator } from './output/rotator.js';
import { FilePathTemplate } from './paths/file-path-template.js';

export const flusherFileType = 'flusher_file';

interface Running {
  readonly rotator: Rotator;
  readonly settings: TargetSettings;
  readonly timers: NodeJS.Timeout[];
}

/**
 * Writes each log as one line to a file whose path may depend on the log (FilePath template).
 * A flush formats its logs, hands each file its lines as one write, and resolves once they are
 * written (and fsynced under Sync always); until then they count against MaxBufferedBytes.
 * The lifecycle is FlusherBase's (docs/design.md §9.1).
 */
export class FileFlusher extends FlusherBase<Running> {
  readonly #template: FilePathTemplate;
  readonly #format: LineFormatter;
  /** `%{content.x}` / `%{tag.x}` as iLogtail's converter resolves them (docs/design.md §9.7). */
  readonly #fields: LogConverter = createConverter({ protocol: 'custom_single' });
  readonly #targets = new Map<string, FileTarget>();
  readonly #buffers = new BufferPool();

  constructor(readonly config: FlusherFileConfig) {
    super(flusherFileType, { maxBufferedBytes: config.MaxBufferedBytes });
    this.#template = new FilePathTemplate(config.FilePath, config.BaseDir, config.TimeZone);
    this.#format = createLineFormatter(config);
  }

  /** The directory every file stays inside. */
  get baseDir(): string {
    return this.#template.baseDir;
  }

  /** Bytes formatted and not yet written. */
  get bufferedBytes(): number {
    return this.buffer.held;
  }

  description(): string {
    return `file flusher: writes each log as a ${this.config.Format} line to ${this.config.FilePath}`;
  }

  protected async open(context: FlusherContext): Promise<Running> {
    const { config } = this;
    const { logger, metrics } = context;
    const rotator = new Rotator(config.MaxFiles, config.Compression, logger);
    const limit = new OpenFileLimit(config.MaxOpenFiles);
    const policy = retryPolicy(config);
    const settings: TargetSettings = {
      baseDir: this.#template.baseDir,
      maxFileSize: config.MaxFileSize,
      fileMode: config.FileMode,
      dirMode: config.DirMode,
      sync: config.Sync,
      rotator,
      limit,
      logger,
      retry: {
        policy,
        hooks: {
          // Lines never linger: a flush writes before it resolves. Urgent only drops retry pauses.
          hurry: () => this.urgent,
          onRetry: (error, retry) => {
            metrics.add('retries', 1);
            logger.warn(
              'FLUSHER_FLUSH_ALARM',
              `${flusherFileType}: ${describeFailure(error)}; retrying (attempt ${retry + 1} of ${policy.maxRetries + 1})`,
            );
          },
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
      timers.push(setInterval(() => this.#syncDirtyFiles(logger), config.SyncInterval).unref());
    if (config.IdleTimeout > 0) {
      const every = Math.max(config.IdleTimeout / 2, 10);
      timers.push(setInterval(() => this.#closeIdleFiles(logger), every).unref());
    }
    return { rotator, settings, timers };
  }

  protected async deliver(running: Running, request: FlushRequest): Promise<void> {
    const { metrics } = this.context!;
    const started = Date.now();
    const failures = new FailureTally();
    const linesByFile = routeLogs(
      request.logGroups,
      this.#format,
      this.#template,
      (group) => this.#fields.groupFields(group),
      failures,
    );
    const writes: Array<Promise<void>> = [];
    for (const [file, lines] of linesByFile) {
      const { buffer, data } = this.#buffers.encodeLines(lines);
      metrics.add('in_size_bytes', data.length);
      this.buffer.hold(data.length);
      this.buffer.startSending(data.length);
      const written = this.#target(file, running.settings)
        .write(data)
        .catch((error: unknown) => {
          const reached = error instanceof TargetWriteError ? error.linesWritten : 0;
          failures.add(describeFailure(error), lines.length - reached);
        })
        .finally(() => {
          this.buffer.endSending(data.length);
          this.#buffers.release(buffer);
        });
      writes.push(written);
    }
    await Promise.all(writes);
    metrics.add('out_events', request.events - failures.count);
    metrics.add('total_delay_ms', Date.now() - started);
    if (failures.count > 0) {
      metrics.add('failed_events', failures.count);
      throw failures.toError(flusherFileType, request.events);
    }
  }

  protected async close(running: Running): Promise<void> {
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

  #report(logger: Logger): (error: unknown) => void {
    return (error) =>
      logger.error('FLUSHER_FLUSH_ALARM', `${flusherFileType}: ${describeFailure(error)}`);
  }

  #syncDirtyFiles(logger: Logger): void {
    for (const target of this.#targets.values()) {
      if (target.dirty) target.sync().catch(this.#report(logger));
    }
  }

  #closeIdleFiles(logger: Logger): void {
    const idleSince = Date.now() - this.config.IdleTimeout;
    for (const target of this.#targets.values()) {
      if (target.idle && target.lastWrite <= idleSince) target.close().catch(this.#report(logger));
    }
  }

  /** The plugin's type and description (`defineFlusher(FileFlusher, configSchema)`). */
  static readonly type = flusherFileType;
  static readonly description =
    'Writes logs as lines to local files: templated paths, rotation by size and time, compression, fsync policy.';
}
