import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../logger.js';
import type { FlusherMetrics } from '../../metrics.js';
import { deadLetterLines, type DeadLetters } from './entry.js';
import type { DeadLetterOptions } from './options.js';

export interface DeadLetterContext {
  /** The flusher type, written on every line. */
  readonly flusher: string;
  readonly logger: Logger;
  readonly metrics: FlusherMetrics;
}

/**
 * The dead-letter file of one flusher: appends are written in order, one write and one
 * `fdatasync` at a time (appends that arrive meanwhile go together into the next), so a resolved
 * `write` is on disk. Lines are counted in `dead_letter_events`.
 */
export class DeadLetterFile {
  readonly path: string;
  readonly #file: fs.FileHandle;
  readonly #context: DeadLetterContext;
  #pending = '';
  #pendingLogs = 0;
  #waiters: Array<{ resolve: (written: boolean) => void }> = [];
  #writing: Promise<void> | undefined;

  private constructor(filePath: string, file: fs.FileHandle, context: DeadLetterContext) {
    this.path = filePath;
    this.#file = file;
    this.#context = context;
  }

  /** Opens (creating it and its folder if needed) the file for appending. */
  static async open(filePath: string, context: DeadLetterContext): Promise<DeadLetterFile> {
    await fs.mkdir(path.dirname(filePath), { recursive: true });
    const file = await fs.open(filePath, 'a');
    return new DeadLetterFile(filePath, file, context);
  }

  /**
   * Appends `letters`' logs as lines; resolves true once they are on disk, false when the write
   * failed (logged as DEAD_LETTER_ALARM: the logs are then only counted as not delivered).
   */
  write(letters: DeadLetters): Promise<boolean> {
    if (letters.logs.length === 0) return Promise.resolve(true);
    this.#pending += deadLetterLines(this.#context.flusher, letters);
    this.#pendingLogs += letters.logs.length;
    const written = new Promise<boolean>((resolve) => this.#waiters.push({ resolve }));
    this.#writing ??= this.#writeAll();
    return written;
  }

  async #writeAll(): Promise<void> {
    while (this.#pending !== '') {
      const text = this.#pending;
      const logs = this.#pendingLogs;
      const waiters = this.#waiters;
      this.#pending = '';
      this.#pendingLogs = 0;
      this.#waiters = [];
      let written = true;
      try {
        await this.#file.appendFile(text);
        await this.#file.datasync();
        this.#context.metrics.add('dead_letter_events', logs);
      } catch (error) {
        written = false;
        this.#context.logger.error(
          'DEAD_LETTER_ALARM',
          `${this.#context.flusher}: writing ${logs} logs to the dead-letter file "${this.path}" failed: ${(error as Error).message}; they are counted as not delivered`,
        );
      }
      for (const waiter of waiters) waiter.resolve(written);
    }
    this.#writing = undefined;
  }

  /** Waits for the writes under way, then closes the file. */
  async close(): Promise<void> {
    while (this.#writing !== undefined) await this.#writing;
    await this.#file.close();
  }
}

/**
 * What a FlushFailedError adds when there is a dead-letter file: where the logs it counts went
 * (`what`: which logs, e.g. "they"); empty without one.
 */
export function deadLetterNote(deadLetter: DeadLetterFile | undefined, what = 'they'): string {
  return deadLetter === undefined ? '' : `${what} are in the dead-letter file "${deadLetter.path}"`;
}

/** The DeadLetter option's file, or undefined when `Path` is empty (off). */
export async function openDeadLetter(
  options: DeadLetterOptions,
  context: DeadLetterContext,
): Promise<DeadLetterFile | undefined> {
  if (options.Path === '') return undefined;
  try {
    return await DeadLetterFile.open(options.Path, context);
  } catch (error) {
    throw new Error(
      `DeadLetter.Path: cannot open "${options.Path}" for appending: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
