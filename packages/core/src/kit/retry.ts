import { setTimeout as sleep } from 'node:timers/promises';
import { isRetryable } from '../errors.js';

/** What the shared `MaxRetries` and `Backoff: {Init, Max}` options decode to (milliseconds). */
export interface RetryPolicy {
  /** Retries after the first try; 0: one try only. */
  readonly maxRetries: number;
  /** Wait before the first retry; it doubles per retry. */
  readonly initMs: number;
  /** Longest wait between two tries. */
  readonly maxMs: number;
}

/** The policy of a config that uses the shared retry options (`retryOptions`). */
export function retryPolicy(config: {
  readonly MaxRetries: number;
  readonly Backoff: { readonly Init: number; readonly Max: number };
}): RetryPolicy {
  return { maxRetries: config.MaxRetries, initMs: config.Backoff.Init, maxMs: config.Backoff.Max };
}

/**
 * The wait before retry number `retry` (1 for the first): Init doubled per retry, at most Max,
 * with jitter that puts it in [wait/2, wait] so that many clients do not retry in step.
 */
export function backoffDelay(
  retry: number,
  policy: Pick<RetryPolicy, 'initMs' | 'maxMs'>,
  random: () => number = Math.random,
): number {
  const wait = Math.min(policy.initMs * 2 ** (retry - 1), policy.maxMs);
  return wait / 2 + random() * (wait / 2);
}

export interface RetryHooks {
  /** Called before each retry with the error that caused it, the retry number and the wait. */
  onRetry?: (error: unknown, retry: number, delayMs: number) => void;
  /** Whether an error is worth another try; default: the error's own `retryable` (isRetryable). */
  retryable?: (error: unknown) => boolean;
  /** Ends the waiting between tries: the last error is thrown at once. */
  signal?: AbortSignal;
  /** While it returns true (the flusher is urgent), retries go without waiting. */
  hurry?: () => boolean;
  /** For tests: the source of jitter. */
  random?: () => number;
}

/**
 * Runs `attempt` until it succeeds, fails with an error that is not retryable, or has used up
 * `maxRetries` retries; then the last error is thrown as it is. `attempt` is given the retry
 * number (0 for the first try).
 */
export async function withRetries<T>(
  attempt: (retry: number) => Promise<T>,
  policy: RetryPolicy,
  hooks: RetryHooks = {},
): Promise<T> {
  const retryable = hooks.retryable ?? isRetryable;
  for (let retry = 0; ; retry++) {
    try {
      return await attempt(retry);
    } catch (error) {
      if (retry >= policy.maxRetries || hooks.signal?.aborted === true || !retryable(error))
        throw error;
      const delayMs = hooks.hurry?.() === true ? 0 : backoffDelay(retry + 1, policy, hooks.random);
      hooks.onRetry?.(error, retry + 1, delayMs);
      if (delayMs > 0) {
        try {
          await sleep(delayMs, undefined, { signal: hooks.signal });
        } catch {
          throw error;
        }
      }
    }
  }
}

/** `after 3 retries` / `not retried`: how a final error of `withRetries` came about. */
export function retryOutcome(error: unknown, policy: RetryPolicy, retryable = isRetryable): string {
  if (!retryable(error)) return 'not retried';
  const n = policy.maxRetries;
  return `after ${n} ${n === 1 ? 'retry' : 'retries'}`;
}
