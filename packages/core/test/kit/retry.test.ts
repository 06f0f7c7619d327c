import { describe, expect, it } from 'vitest';
import { backoffDelay, DeliveryError, retryOutcome, withRetries } from '../../src/index.js';

const retryable = (message: string) => new DeliveryError(message, { retryable: true });
const final = (message: string) => new DeliveryError(message, { retryable: false });

describe('backoffDelay', () => {
  const policy = { initMs: 100, maxMs: 1000 };

  it('doubles Init per retry, caps at Max, and jitters into [wait/2, wait]', () => {
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelay(retry, policy, () => 1))).toEqual([
      100, 200, 400, 800, 1000,
    ]);
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelay(retry, policy, () => 0))).toEqual([
      50, 100, 200, 400, 500,
    ]);
    expect(backoffDelay(2, policy, () => 0.5)).toBe(150);
  });
});

describe('withRetries', () => {
  const policy = { maxRetries: 3, initMs: 1, maxMs: 2 };

  it('retries retryable errors and returns the first success', async () => {
    const seen: number[] = [];
    const retries: Array<[string, number]> = [];
    const result = await withRetries(
      async (retry) => {
        seen.push(retry);
        if (retry < 2) throw retryable(`try ${retry}`);
        return 'sent';
      },
      policy,
      { onRetry: (error, retry) => retries.push([(error as Error).message, retry]) },
    );
    expect(result).toBe('sent');
    expect(seen).toEqual([0, 1, 2]);
    expect(retries).toEqual([
      ['try 0', 1],
      ['try 1', 2],
    ]);
  });

  it('throws a non-retryable error at once, and errors without `retryable` count as final', async () => {
    let tries = 0;
    const error = final('bad credentials');
    await expect(
      withRetries(async () => {
        tries++;
        throw error;
      }, policy),
    ).rejects.toBe(error);
    expect(tries).toBe(1);
    tries = 0;
    await expect(
      withRetries(async () => {
        tries++;
        throw new Error('plain');
      }, policy),
    ).rejects.toThrow('plain');
    expect(tries).toBe(1);
  });

  it('gives up after MaxRetries retries with the last error', async () => {
    let tries = 0;
    await expect(
      withRetries(async () => {
        tries++;
        throw retryable(`try ${tries}`);
      }, policy),
    ).rejects.toThrow('try 4');
    expect(tries).toBe(4);
  });

  it('retries without waiting while hurried, and stops waiting when the signal aborts', async () => {
    const slow = { maxRetries: 2, initMs: 3_600_000, maxMs: 3_600_000 };
    const delays: number[] = [];
    let tries = 0;
    await expect(
      withRetries(
        async () => {
          tries++;
          throw retryable('down');
        },
        slow,
        { hurry: () => true, onRetry: (_e, _r, delay) => delays.push(delay) },
      ),
    ).rejects.toThrow('down');
    expect(tries).toBe(3);
    expect(delays).toEqual([0, 0]);

    const controller = new AbortController();
    const running = withRetries(
      async () => {
        throw retryable('still down');
      },
      slow,
      { signal: controller.signal },
    );
    controller.abort();
    await expect(running).rejects.toThrow('still down');
  });

  it('retryOutcome says how a final error came about', () => {
    expect(retryOutcome(retryable('x'), { ...policy, maxRetries: 1 })).toBe('after 1 retry');
    expect(retryOutcome(retryable('x'), policy)).toBe('after 3 retries');
    expect(retryOutcome(final('x'), policy)).toBe('not retried');
  });
});
