import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelay } from '@logflush/core';
import type { KafkaClient } from './clients/client.js';

export interface ConnectOptions {
  readonly brokers: readonly string[];
  readonly timeoutMs: number;
  readonly backoffInitMs: number;
}

class DeadlineError extends Error {}

const minimumAttemptMs = 100;
/** Connecting tries again soon: the wait between tries is Backoff.Init doubled per try, at most 1 s. */
const connectMaxWaitMs = 1000;

/** Rejects with a DeadlineError after `ms` unless `promise` settles first; the timer never outlives the call. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  const controller = new AbortController();
  try {
    return await Promise.race([
      promise,
      sleep(ms, undefined, { signal: controller.signal }).then(() => {
        throw new DeadlineError();
      }),
    ]);
  } finally {
    controller.abort();
  }
}

/**
 * Connects the client, trying again (each try picks a bootstrap broker at random) until
 * `timeoutMs` has passed; an error that retrying cannot fix (bad credentials, an untrusted
 * certificate) fails at once. On failure the client is closed and the error names the
 * brokers and the reason.
 */
export async function connectWithin(client: KafkaClient, options: ConnectOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let reason: string | undefined;
  for (let attempt = 1; ; attempt++) {
    const remaining = deadline - Date.now();
    const connecting = client.connectOnce();
    connecting.catch(() => {}); // it may settle after `within` gave up on it
    try {
      await within(connecting, Math.max(1, remaining));
      return;
    } catch (error) {
      // Out of time: the previous attempt's error says more than "no answer".
      if (error instanceof DeadlineError) {
        reason ??= 'no broker answered';
        break;
      }
      const failure = client.describe(error);
      reason = failure.reason;
      const wait = backoffDelay(attempt, {
        initMs: options.backoffInitMs,
        maxMs: connectMaxWaitMs,
      });
      // No attempt that the deadline would cut short: its socket would outlive the failed init.
      if (!failure.transient || deadline - Date.now() - wait < minimumAttemptMs) break;
      await sleep(wait);
    }
  }
  await client.close().catch(() => {});
  throw new Error(
    `flusher_kafka: cannot connect to ${options.brokers.join(', ')} within Timeout ${options.timeoutMs} ms: ${reason ?? 'no broker answered'}`,
  );
}
