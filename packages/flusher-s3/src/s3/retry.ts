import { setTimeout as sleep } from 'node:timers/promises';
import { isRetryable } from './errors.js';

export interface RetryPolicy {
  maxRetries: number;
  /** Delay before the first retry, in ms; it doubles on each retry. */
  backoffMs: number;
}

/** No retry waits longer than this. */
export const maxBackoffMs = 30_000;

/** The wait before retry number `retry` (1-based): doubling from `backoffMs`, capped, half of it random. */
export function backoffDelay(policy: RetryPolicy, retry: number): number {
  const full = Math.min(policy.backoffMs * 2 ** (retry - 1), maxBackoffMs);
  return full / 2 + Math.random() * (full / 2);
}

export interface RetryHooks {
  /** Called before each retry, with the error that caused it. */
  onRetry(error: unknown, retry: number, delayMs: number): void;
  /** Stops the waiting between tries: the last error is thrown at once. */
  signal?: AbortSignal;
}

/** Runs `attempt` until it succeeds, fails with a final error, or used up its retries. */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  policy: RetryPolicy,
  hooks: RetryHooks,
): Promise<T> {
  for (let retry = 1; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      if (retry > policy.maxRetries || !isRetryable(error) || hooks.signal?.aborted === true)
        throw error;
      const delay = backoffDelay(policy, retry);
      hooks.onRetry(error, retry, delay);
      try {
        await sleep(delay, undefined, { signal: hooks.signal });
      } catch {
        throw error;
      }
    }
  }
}
