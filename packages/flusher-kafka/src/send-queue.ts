import type { BufferGauge } from '@logflush/core';
import type { SendFailure } from './batch-sender.js';
import type { DeliveryTracker } from './delivery-tracker.js';
import type { OutgoingMessage } from './message-builder.js';
import { batchOverhead } from './message-size.js';

export interface QueuedMessage {
  readonly message: OutgoingMessage;
  readonly tracker: DeliveryTracker;
}

export interface SendQueueOptions {
  /** Most messages in one batch (BulkMaxSize). */
  readonly maxBatchMessages: number;
  /** Most bytes in one batch, batch overhead included (MaxMessageBytes). */
  readonly maxBatchBytes: number;
  /** How long a batch that is not full waits for more messages (BulkFlushFrequency). */
  readonly lingerMs: number;
  /** Batches being sent at once. */
  readonly maxInFlight: number;
  /** The flusher's buffer (MaxBufferedBytes): holds every message from push until it is settled. */
  readonly buffer: BufferGauge;
  /** Sends one batch with its retries; resolves, per message, to why it failed, or undefined once acknowledged. Never rejects. */
  send(batch: readonly OutgoingMessage[]): Promise<readonly (SendFailure | undefined)[]>;
}

/**
 * Accepted messages on their way to Kafka: they wait until a batch is full or has lingered long
 * enough, then go out in batches of at most `maxBatchMessages` messages and `maxBatchBytes` bytes,
 * with at most `maxInFlight` batches in flight. Each message's tracker learns how it ended. Their
 * bytes are held in `buffer` from `push` until acknowledged or failed.
 */
export class SendQueue {
  readonly #options: SendQueueOptions;
  #waiting: QueuedMessage[] = [];
  #waitingBytes = 0;
  #inFlight = 0;
  #lingerMs: number;
  #lingerExpired = false;
  #lingerTimer: NodeJS.Timeout | undefined;
  #idleWaiters: Array<() => void> = [];

  constructor(options: SendQueueOptions) {
    this.#options = options;
    this.#lingerMs = options.lingerMs;
  }

  push(messages: readonly QueuedMessage[]): void {
    for (const queued of messages) {
      this.#waiting.push(queued);
      this.#waitingBytes += queued.message.size;
      this.#options.buffer.hold(queued.message.size);
    }
    this.#pump();
  }

  /** Changes the linger; 0 sends what waits now. */
  setLinger(ms: number): void {
    this.#lingerMs = ms;
    this.#pump();
  }

  /** Resolves once nothing waits and nothing is in flight; sends what waits without lingering. */
  async drain(): Promise<void> {
    this.setLinger(0);
    if (this.#isIdle()) return;
    await new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
  }

  #isIdle(): boolean {
    return this.#waiting.length === 0 && this.#inFlight === 0;
  }

  #batchIsFull(): boolean {
    return (
      this.#waiting.length >= this.#options.maxBatchMessages ||
      this.#waitingBytes + batchOverhead >= this.#options.maxBatchBytes
    );
  }

  #pump(): void {
    while (this.#inFlight < this.#options.maxInFlight && this.#waiting.length > 0) {
      if (this.#lingerMs > 0 && !this.#lingerExpired && !this.#batchIsFull()) {
        this.#startLinger();
        return;
      }
      this.#sendBatch(this.#takeBatch());
    }
    if (this.#waiting.length === 0) {
      this.#lingerExpired = false;
      this.#stopLinger();
    }
    if (this.#isIdle()) {
      const waiters = this.#idleWaiters;
      this.#idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  #startLinger(): void {
    if (this.#lingerTimer !== undefined) return;
    this.#lingerTimer = setTimeout(() => {
      this.#lingerTimer = undefined;
      this.#lingerExpired = true;
      this.#pump();
    }, this.#lingerMs);
  }

  #stopLinger(): void {
    if (this.#lingerTimer === undefined) return;
    clearTimeout(this.#lingerTimer);
    this.#lingerTimer = undefined;
  }

  /** The longest run of waiting messages that fits one batch (at least one message). */
  #takeBatch(): QueuedMessage[] {
    const { maxBatchMessages, maxBatchBytes } = this.#options;
    let count = 0;
    let bytes = batchOverhead;
    while (count < this.#waiting.length && count < maxBatchMessages) {
      const size = this.#waiting[count]!.message.size;
      if (count > 0 && bytes + size > maxBatchBytes) break;
      bytes += size;
      count += 1;
    }
    const batch = this.#waiting.slice(0, count);
    this.#waiting = this.#waiting.slice(count);
    this.#waitingBytes -= bytes - batchOverhead;
    return batch;
  }

  #sendBatch(batch: QueuedMessage[]): void {
    this.#inFlight += 1;
    const bytes = batch.reduce((sum, queued) => sum + queued.message.size, 0);
    this.#options.buffer.startSending(bytes);
    void this.#options
      .send(batch.map((queued) => queued.message))
      .catch((error: unknown) =>
        batch.map(() => ({ reason: `unexpected error: ${String(error)}`, retryable: false })),
      )
      .then((failures) => {
        this.#options.buffer.endSending(bytes);
        batch.forEach(({ message, tracker }, index) => {
          const failure = failures[index];
          if (failure === undefined) tracker.delivered(message.logs);
          else tracker.failed(message, failure);
        });
        this.#inFlight -= 1;
        this.#pump();
      });
  }
}
