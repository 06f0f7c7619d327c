/** Logs of one flush that could not be delivered to one topic, for one reason. */
export interface DeliveryFailure {
  readonly topic: string;
  readonly logs: number;
  readonly reason: string;
}

/**
 * Follows the messages of one `flush` call until each is acknowledged or has failed for good;
 * `settled` resolves then.
 */
export class DeliveryTracker {
  readonly settled: Promise<void>;
  #pending: number;
  #deliveredLogs = 0;
  readonly #failures = new Map<string, { topic: string; logs: number; reason: string }>();
  #resolve: () => void = () => {};

  constructor(messages: number) {
    this.#pending = messages;
    this.settled = new Promise((resolve) => {
      this.#resolve = resolve;
    });
    if (messages === 0) this.#resolve();
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
    const id = `${topic}\u0000${reason}`;
    const failure = this.#failures.get(id);
    if (failure === undefined) this.#failures.set(id, { topic, logs, reason });
    else failure.logs += logs;
  }

  get deliveredLogs(): number {
    return this.#deliveredLogs;
  }

  get failures(): readonly DeliveryFailure[] {
    return [...this.#failures.values()];
  }

  get failedLogs(): number {
    let logs = 0;
    for (const failure of this.#failures.values()) logs += failure.logs;
    return logs;
  }

  #settleOne(): void {
    this.#pending -= 1;
    if (this.#pending === 0) this.#resolve();
  }
}
