import { setTimeout as sleep } from 'node:timers/promises';
import type { BufferBatch, LogBuffer, ReadLimits } from './disk-buffer/types.js';

/** How long a delivery that threw waits before it is tried again. */
const retryAfterThrowMs = 1000;

export interface BufferDrainOptions {
  readonly buffer: LogBuffer;
  /** Each read: at least one record, more while these allow. */
  readonly limits: ReadLimits;
  /** Batches being delivered at once. */
  readonly maxInFlight: number;
  /**
   * Delivers a batch, retrying as the flusher does; what can never be delivered is the flusher's
   * to report (dead letter, counted). Resolves true when the batch is done with (acknowledge it),
   * false when it gave up while `finishing()` (the destination is failing): it stays in the buffer.
   */
  deliver(batch: BufferBatch, finishing: () => boolean): Promise<boolean>;
}

/**
 * The sender side of a flusher's buffer: reads batches in order, at most `maxInFlight` at a time,
 * delivers each and acknowledges it once done. `finish` delivers what is left, unless a delivery
 * gives up, then closes the buffer: what was not delivered stays in it (on disk: for the next run).
 */
export class BufferDrain {
  readonly #options: BufferDrainOptions;
  readonly #running = new Set<Promise<void>>();
  #finishing = false;
  #stalled = false;
  /** finish has delivered what it could: read no more. */
  #done = false;
  #loop: Promise<void> | undefined;
  #settled: () => void = () => {};

  constructor(options: BufferDrainOptions) {
    this.#options = options;
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** A delivery gave up while finishing: what is left stays in the buffer. */
  get stalled(): boolean {
    return this.#stalled;
  }

  async #run(): Promise<void> {
    const { buffer, limits, maxInFlight } = this.#options;
    for (;;) {
      while (this.#running.size >= maxInFlight) await Promise.race(this.#running);
      if (this.#stalled || this.#done) return;
      const batch = await buffer.read(limits);
      if (batch === undefined || this.#stalled || this.#done) return;
      const delivery = this.#deliver(batch);
      this.#running.add(delivery);
      void delivery.finally(() => {
        this.#running.delete(delivery);
        this.#settled();
      });
    }
  }

  async #deliver(batch: BufferBatch): Promise<void> {
    const options = this.#options;
    for (;;) {
      let done = false;
      try {
        done = await options.deliver(batch, () => this.#finishing);
      } catch {
        // deliver reports its own failures; an unexpected throw counts as a failure: tried again
        // after a pause, or, while finishing, the batch stays in the buffer.
      }
      if (done) return options.buffer.ack(batch);
      if (this.#finishing) {
        this.#stalled = true;
        return;
      }
      await sleep(retryAfterThrowMs);
    }
  }

  /**
   * Delivers everything stored (or stops at the first delivery that gives up), then closes the
   * buffer. Nothing may be appended once it is called.
   */
  async finish(): Promise<void> {
    this.#finishing = true;
    const { buffer } = this.#options;
    while (!this.#stalled && buffer.backlog.records > 0) {
      await new Promise<void>((resolve) => {
        this.#settled = resolve;
        // Deliveries end in acks; wake up at least now and then to look again.
        setTimeout(resolve, 100).unref();
      });
    }
    this.#done = true;
    await Promise.allSettled([...this.#running]);
    await buffer.close();
    await this.#loop;
  }
}
