import fs from 'node:fs/promises';
import type { Logger } from '@logflush/core';
import type { Compression } from '../config.js';
import { compressFile } from './compress-file.js';
import { FileOutputError } from './fs-errors.js';
import type { OutputFile } from './output-file.js';
import { shiftRolledFiles } from './rolled-names.js';

/**
 * Rolls files by size. The renames happen at once; the old file's fsync and close, then its
 * compression, run in the background, so writing goes on in the new file meanwhile. The next
 * roll of the same file waits for that work, so rolled file 1 is final before it is shifted.
 */
export class Rotator {
  readonly #background = new Map<string, Promise<void>>();
  /** fsync failures of rolled files: data that may not be on disk, reported by `stop`. */
  readonly #syncErrors: FileOutputError[] = [];

  constructor(
    private readonly maxFiles: number,
    private readonly compression: Compression,
    private readonly logger: Logger,
  ) {}

  /** Renames `file` (still open) to rolled file 1 after shifting the older ones. */
  async roll(file: OutputFile): Promise<void> {
    await this.#background.get(file.path);
    let shifted: ReturnType<typeof shiftRolledFiles>;
    try {
      shifted = shiftRolledFiles(file.path, this.maxFiles);
    } catch (error) {
      throw new FileOutputError('roll', file.path, error);
    }
    const work = Promise.all([
      this.#finish(file, shifted.rolled),
      ...shifted.toRemove.map((old) => this.#remove(old)),
    ]).then(() => {});
    this.#background.set(file.path, work);
    void work.then(() => {
      if (this.#background.get(file.path) === work) this.#background.delete(file.path);
    });
  }

  /** Waits for all background work; returns the fsync failures met so far. */
  async settle(): Promise<FileOutputError[]> {
    while (this.#background.size > 0) await Promise.all(this.#background.values());
    return [...this.#syncErrors];
  }

  async #remove(file: string): Promise<void> {
    try {
      await fs.unlink(file);
    } catch (error) {
      this.logger.warn(
        'FLUSHER_FLUSH_ALARM',
        `flusher_file: ${new FileOutputError('remove', file, error).message}`,
      );
    }
  }

  async #finish(file: OutputFile, rolled: string): Promise<void> {
    try {
      await file.close();
    } catch (error) {
      const failure = new FileOutputError('fsync', rolled, error);
      this.#syncErrors.push(failure);
      this.logger.error('FLUSHER_FLUSH_ALARM', `flusher_file: ${failure.message}`);
      return;
    }
    if (this.compression === 'none') return;
    try {
      await compressFile(rolled, this.compression);
    } catch (error) {
      // The rolled file stays as it is, uncompressed: nothing is lost.
      this.logger.warn(
        'FLUSHER_FLUSH_ALARM',
        `flusher_file: ${new FileOutputError(`compress (${this.compression})`, rolled, error).message}; it is kept uncompressed`,
      );
    }
  }
}
