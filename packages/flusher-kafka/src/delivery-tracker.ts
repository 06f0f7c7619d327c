import { FailureTally } from '@logflush/core';

/**
 * Follows the messages of one `flush` call until each is acknowledged or has failed for good;
 * `settled` resolves then. What failed is counted in `failures`, by topic and reason.
 */
export class DeliveryTracker {
  readonly settled: Promise<void>;
  readonly failures = new FailureTally();
  #pending: number;
  #deliveredLogs = 0;
  #resolve: () => void = () => {};

  constructor(messages: number) {
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

  failed(topic: string, logs: number, reason: string): void {
    this.addFailure(topic, logs, reason);
    this.#settleOne();
  }

  /** Records logs that failed before they became messages (they are not among `messages`). */
  addFailure(topic: string, logs: number, reason: string): void {
    this.failures.add(`to topic ${JSON.stringify(topic)}: ${reason}`, logs);
  }

  #settleOne(): void {
    this.#pending -= 1;
    if (this.#pending === 0) this.#resolve();
  }
}
