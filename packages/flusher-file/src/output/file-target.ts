import { withRetries, type Logger, type RetryHooks, type RetryPolicy } from '@logflush/core';
import type { SyncPolicy } from '../config.js';
import { prepareConfinedPath, SymlinkEscapeError } from '../paths/confined-path.js';
import { FileOutputError } from './fs-errors.js';
import type { FileHolder, OpenFileLimit } from './open-file-limit.js';
import { OutputFile } from './output-file.js';
import type { Rotator } from './rotator.js';

export interface TargetSettings {
  readonly baseDir: string;
  readonly maxFileSize: number;
  readonly fileMode: number;
  readonly dirMode: number;
  readonly sync: SyncPolicy;
  readonly rotator: Rotator;
  readonly limit: OpenFileLimit;
  readonly logger: Logger;
  /** How a write that meets a retryable error (a full disk) is tried again; others fail at once. */
  readonly retry: { readonly policy: RetryPolicy; readonly hooks: RetryHooks };
  /** Nothing is queued any more for this target. */
  onIdle(target: FileTarget): void;
}

const LF = 0x0a;

function countLines(data: Buffer, end: number): number {
  let lines = 0;
  for (let i = data.indexOf(LF); i !== -1 && i < end; i = data.indexOf(LF, i + 1)) lines++;
  return lines;
}

/** A write that failed, with how many of its lines reached a file before it did (after a roll). */
export class TargetWriteError extends Error {
  constructor(
    readonly failure: Error,
    readonly linesWritten: number,
  ) {
    super(failure.message, { cause: failure });
    this.name = 'TargetWriteError';
  }
}

/**
 * Everything written to one rendered path: its open file and the queue of operations on it,
 * run one at a time in order (writes, fsyncs, close). A write rolls the file when it would pass
 * MaxFileSize, between two lines, and reopens the path when another program renamed or removed
 * the file.
 */
export class FileTarget implements FileHolder {
  #file: OutputFile | undefined;
  #queue: Promise<void> = Promise.resolve();
  #pending = 0;
  /** `Date.now()` of the last write. */
  lastWrite = 0;

  constructor(
    readonly path: string,
    private readonly settings: TargetSettings,
  ) {}

  get idle(): boolean {
    return this.#pending === 0 && this.#file !== undefined;
  }

  get isOpen(): boolean {
    return this.#file !== undefined;
  }

  get pending(): number {
    return this.#pending;
  }

  get dirty(): boolean {
    return this.#file?.dirty ?? false;
  }

  /** Appends `data` (whole lines); resolves once written (and fsynced under Sync always). */
  write(data: Buffer): Promise<void> {
    return this.#enqueue(() => this.#writeWithRetries(data));
  }

  sync(): Promise<void> {
    return this.#enqueue(async () => {
      if (this.#file !== undefined) await this.#syncFile(this.#file);
    });
  }

  /** Closes the file after what is queued; the next write opens it again. */
  close(): Promise<void> {
    return this.#enqueue(() => this.#closeFile());
  }

  /** Closes the file for another one; an fsync failure is logged, as no flush is waiting on it. */
  async evict(): Promise<void> {
    await this.close().catch((error: unknown) => {
      this.settings.logger.error(
        'FLUSHER_FLUSH_ALARM',
        `flusher_file: ${(error as Error).message}`,
      );
    });
  }

  #enqueue(task: () => Promise<void>): Promise<void> {
    this.#pending++;
    const run = this.#queue.then(task);
    this.#queue = run
      .catch(() => {})
      .then(() => {
        this.#pending--;
        if (this.#pending === 0) this.settings.onIdle(this);
      });
    return run;
  }

  async #writeWithRetries(data: Buffer): Promise<void> {
    // A retry goes on from the last line written: what reached a file (before a roll) stays.
    const progress = { offset: 0 };
    const { policy, hooks } = this.settings.retry;
    try {
      await withRetries(() => this.#writeFrom(data, progress), policy, hooks);
    } catch (error) {
      throw new TargetWriteError(error as Error, countLines(data, progress.offset));
    }
    this.lastWrite = Date.now();
    this.settings.limit.touch(this);
    if (this.settings.sync === 'always' && this.#file !== undefined) {
      try {
        await this.#syncFile(this.#file);
      } catch (error) {
        // Written but not known to be on disk: under Sync always that is not delivered.
        throw new TargetWriteError(error as Error, 0);
      }
    }
  }

  async #writeFrom(data: Buffer, progress: { offset: number }): Promise<void> {
    let file = await this.#currentFile();
    while (progress.offset < data.length) {
      const end = this.#fittingEnd(file, data, progress.offset);
      if (end > progress.offset) {
        try {
          await file.append(data.subarray(progress.offset, end));
        } catch (error) {
          throw new FileOutputError('write to', file.path, error);
        }
        progress.offset = end;
      }
      if (progress.offset < data.length) file = await this.#roll(file);
    }
  }

  /**
   * Where the next piece written to `file` ends: all of the data when it fits under MaxFileSize
   * (or the file is not rolled), else after the last line that fits; `offset` itself when no
   * line fits and the file has content (roll first). An empty file takes at least one line, so
   * a line longer than MaxFileSize gets a file of its own.
   */
  #fittingEnd(file: OutputFile, data: Buffer, offset: number): number {
    const max = this.settings.maxFileSize;
    if (max === 0 || !file.regular || file.size + (data.length - offset) <= max) return data.length;
    const room = max - file.size;
    if (room > 0) {
      const lastFitting = data.lastIndexOf(LF, offset + room - 1);
      if (lastFitting >= offset) return lastFitting + 1;
    }
    if (file.size > 0) return offset;
    const firstEnd = data.indexOf(LF, offset);
    return firstEnd === -1 ? data.length : firstEnd + 1;
  }

  async #roll(file: OutputFile): Promise<OutputFile> {
    await this.settings.rotator.roll(file);
    this.#file = undefined;
    try {
      this.#file = await OutputFile.open(file.path, this.settings.fileMode);
    } catch (error) {
      this.settings.limit.release(this);
      throw new FileOutputError('open', file.path, error);
    }
    return this.#file;
  }

  /** The open file for the path: opened (or reopened after an outside rename) when needed. */
  async #currentFile(): Promise<OutputFile> {
    const current = this.#file;
    if (current !== undefined) {
      let replaced: boolean;
      try {
        replaced = await current.isReplaced();
      } catch (error) {
        throw new FileOutputError('check', current.path, error);
      }
      if (!replaced) return current;
      this.settings.logger.info(
        `flusher_file: ${current.path} was renamed or removed by another program; reopening it`,
      );
      this.#file = undefined;
      await this.#syncAndClose(current);
    } else {
      await this.settings.limit.reserve(this);
    }
    try {
      const real = await prepareConfinedPath(
        this.settings.baseDir,
        this.path,
        this.settings.dirMode,
      );
      this.#file = await OutputFile.open(real, this.settings.fileMode);
    } catch (error) {
      this.settings.limit.release(this);
      if (error instanceof SymlinkEscapeError) throw error;
      throw new FileOutputError('open', this.path, error);
    }
    return this.#file;
  }

  async #syncFile(file: OutputFile): Promise<void> {
    try {
      await file.sync();
    } catch (error) {
      throw new FileOutputError('fsync', file.path, error);
    }
  }

  /** Closes a file that was renamed away: its data stays where the other program moved it. */
  async #syncAndClose(file: OutputFile): Promise<void> {
    try {
      await file.close();
    } catch (error) {
      this.settings.logger.error(
        'FLUSHER_FLUSH_ALARM',
        `flusher_file: ${new FileOutputError('fsync', file.path, error).message}`,
      );
    }
  }

  async #closeFile(): Promise<void> {
    const file = this.#file;
    if (file === undefined) return;
    this.#file = undefined;
    try {
      await file.close();
    } catch (error) {
      throw new FileOutputError('fsync', file.path, error);
    } finally {
      this.settings.limit.release(this);
    }
  }
}
