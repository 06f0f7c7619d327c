import type { BufferContext, BufferCorruption, BufferDamage, BufferDrops } from './types.js';

/**
 * What a buffer skipped or dropped, counted on the buffer and reported through its context: the
 * metrics (`dropped_events`, `buffer_corrupt_records`, `buffer_corrupt_bytes`,
 * `buffer_corrupt_events`), a warning per damaged stretch, and one warning each time the buffer
 * starts dropping (not one per drop).
 */
export class BufferReport {
  readonly #context: BufferContext;
  readonly #where: string;
  #corruption = { records: 0, bytes: 0, logs: 0 };
  #drops = { appends: 0, records: 0, logs: 0 };
  #dropping = false;

  constructor(context: BufferContext, where: string) {
    this.#context = context;
    this.#where = where;
  }

  get corruption(): BufferCorruption {
    return { ...this.#corruption };
  }

  get drops(): BufferDrops {
    return { ...this.#drops };
  }

  dropped(records: number, logs: number): void {
    this.#drops.appends += 1;
    this.#drops.records += records;
    this.#drops.logs += logs;
    this.#context.metrics?.add('dropped_events', logs);
    if (!this.#dropping) {
      this.#dropping = true;
      this.#context.logger?.warn(
        'BUFFER_FULL_ALARM',
        `${this.#where} is full (WhenFull drop_newest): dropping new logs until there is room`,
        { logs },
      );
    }
  }

  /** An append was stored: the next drop is warned about again. */
  stored(): void {
    this.#dropping = false;
  }

  damaged(damage: BufferDamage): void {
    this.#corruption.records += damage.records;
    this.#corruption.bytes += damage.bytes;
    this.#corruption.logs += damage.logs;
    const { metrics, logger, onDamage } = this.#context;
    metrics?.add('buffer_corrupt_records', damage.records);
    metrics?.add('buffer_corrupt_bytes', damage.bytes);
    metrics?.add('buffer_corrupt_events', damage.logs);
    logger?.warn(
      'BUFFER_CORRUPT_ALARM',
      `${this.#where}: skipped ${damage.bytes} damaged bytes at offset ${damage.offset} of ${damage.file}`,
      { ...damage },
    );
    onDamage?.(damage);
  }
}
