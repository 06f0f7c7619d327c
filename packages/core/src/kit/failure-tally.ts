import { FlushFailedError, type FailureReason } from '../errors.js';

/** How many distinct reasons an error message lists; the rest are counted. */
const REASONS_SHOWN = 5;

const logsWord = (count: number) => (count === 1 ? '1 log' : `${count} logs`);

/**
 * The logs that were not delivered, by reason: what becomes a FlushFailedError. A flush keeps
 * one for its own logs; a flusher that delivers after `flush` resolved keeps one for failures
 * still to be reported (by the next `flush` or by `stop`) and `take`s it when it reports.
 */
export class FailureTally {
  readonly #reasons = new Map<string, number>();
  #count = 0;

  /** Logs counted as not delivered. */
  get count(): number {
    return this.#count;
  }

  get reasons(): FailureReason[] {
    return [...this.#reasons].map(([reason, logs]) => ({ reason, logs }));
  }

  add(reason: string, logs: number): void {
    if (logs <= 0) return;
    this.#count += logs;
    this.#reasons.set(reason, (this.#reasons.get(reason) ?? 0) + logs);
  }

  /** Moves everything counted into a new tally and empties this one. */
  take(): FailureTally {
    const taken = new FailureTally();
    for (const [reason, logs] of this.#reasons) taken.add(reason, logs);
    this.#reasons.clear();
    this.#count = 0;
    return taken;
  }

  /** `reason (3 logs); other reason (1 log)`, at most five reasons, then how many more. */
  describe(): string {
    const listed = [...this.#reasons]
      .slice(0, REASONS_SHOWN)
      .map(([reason, logs]) => `${reason} (${logsWord(logs)})`);
    if (this.#reasons.size > REASONS_SHOWN) {
      listed.push(`and ${this.#reasons.size - REASONS_SHOWN} more reasons`);
    }
    return listed.join('; ');
  }

  /**
   * `flusher_x: 3 of 10 logs not delivered: reason (3 logs)`; without `total`, `3 logs not
   * delivered: …`. `context` is added after the reasons (e.g. what happened to this flush's logs).
   * `options.cause`: the error behind a single reason, kept as the FlushFailedError's `cause`.
   */
  toError(
    flusherType: string,
    total?: number,
    context = '',
    options: { cause?: unknown } = {},
  ): FlushFailedError {
    const counted =
      total === undefined ? logsWord(this.#count) : `${this.#count} of ${logsWord(total)}`;
    const suffix = context === '' ? '' : `; ${context}`;
    return new FlushFailedError(
      `${flusherType}: ${counted} not delivered: ${this.describe()}${suffix}`,
      this.#count,
      { reasons: this.reasons, ...('cause' in options ? { cause: options.cause } : {}) },
    );
  }
}
