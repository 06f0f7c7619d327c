import { FailureTally, type DeadLetters } from '@logflush/core';
import type { SendFailure } from './batch-sender.js';
import { sourceLogs, type MessageSource, type OutgoingMessage } from './message-builder.js';

/**
 * Follows the messages of one `flush` call (or one batch read from the buffer) until each is
 * acknowledged or has failed for good; `settled` resolves then. What failed is counted in
 * `failures`, by topic and reason, and kept by where it came from for the dead-letter file.
 */
export class DeliveryTracker {
  readonly settled: Promise<void>;
  readonly failures = new FailureTally();
  readonly #failed: { topic: string; reason: string; source: MessageSource }[] = [];
  readonly #retryable: OutgoingMessage[] = [];
  #pending: number;
  #deliveredLogs = 0;
  #resolve: () => void = () => {};

  /**
   * `holdRetryable`: a message whose retries were used up on an error that may pass is kept in
   * `retryable` (to be sent again) instead of being counted as failed.
   */
  constructor(
    messages: number,
    private readonly holdRetryable = false,
  ) {
    this.#pending = messages;
    this.settled = new Promise((resolve) => {
      this.#resolve = resolve;
    });
    if (messages === 0) this.#resolve();
  }

  get deliveredLogs(): number {
    return this.#deliveredLogs;
  }

  delivered(logs: number): void {
    this.#deliveredLogs += logs;
    this.#settleOne();
  }

  failed(message: OutgoingMessage, failure: SendFailure): void {
    if (failure.retryable && this.holdRetryable) this.#retryable.push(message);
    else this.addFailure(message.topic, message.logs, failure.reason, message.source);
    this.#settleOne();
  }

  /** With holdRetryable: messages whose retries were used up on errors that may pass (a broker away). */
  get retryable(): readonly OutgoingMessage[] {
    return this.#retryable;
  }

  /** Records logs that failed before they became messages (they are not among `messages`). */
  addFailure(topic: string, logs: number, reason: string, source: MessageSource): void {
    this.failures.add(`to topic ${JSON.stringify(topic)}: ${reason}`, logs);
    this.#failed.push({ topic, reason, source });
  }

  /** What failed, as dead letters: one entry per failed message or rejection. */
  deadLetters(): DeadLetters[] {
    return this.#failed.map(({ topic, reason, source }) => ({
      logs: sourceLogs(source),
      reason,
      destination: `topic ${JSON.stringify(topic)}`,
    }));
  }

  #settleOne(): void {
    this.#pending -= 1;
    if (this.#pending === 0) this.#resolve();
  }
}
