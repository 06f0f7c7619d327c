import { FlushFailedError } from '@logflush/core';
import { TargetWriteError } from './output/file-target.js';
import { explainError } from './output/fs-errors.js';

/** How many distinct reasons the error message lists. */
const REASONS_SHOWN = 5;

/** The text an operator reads for an error met while writing. */
export function describeFailure(error: unknown): string {
  const failure = error instanceof TargetWriteError ? error.failure : error;
  return failure instanceof Error ? failure.message : explainError(failure);
}

/** The logs of one flush that were not written, by reason: what its FlushFailedError says. */
export class FlushFailures {
  readonly #reasons = new Map<string, number>();
  #count = 0;

  get count(): number {
    return this.#count;
  }

  add(reason: string, logs: number): void {
    if (logs <= 0) return;
    this.#count += logs;
    this.#reasons.set(reason, (this.#reasons.get(reason) ?? 0) + logs);
  }

  toError(flusherType: string, events: number): FlushFailedError {
    const listed = [...this.#reasons]
      .slice(0, REASONS_SHOWN)
      .map(([reason, count]) => `${reason} (${count} ${count === 1 ? 'log' : 'logs'})`);
    if (this.#reasons.size > REASONS_SHOWN) {
      listed.push(`and ${this.#reasons.size - REASONS_SHOWN} more reasons`);
    }
    return new FlushFailedError(
      `${flusherType}: ${this.#count} of ${events} logs were not written: ${listed.join('; ')}`,
      this.#count,
    );
  }
}
