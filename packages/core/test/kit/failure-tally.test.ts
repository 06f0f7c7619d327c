import { describe, expect, it } from 'vitest';
import { FailureTally, FlushFailedError } from '../../src/index.js';

describe('FailureTally', () => {
  it('counts logs by reason and becomes one FlushFailedError', () => {
    const tally = new FailureTally();
    tally.add('disk full (ENOSPC)', 3);
    tally.add('permission denied (EACCES)', 1);
    tally.add('disk full (ENOSPC)', 2);
    tally.add('ignored', 0);
    expect(tally.count).toBe(6);
    const error = tally.toError('flusher_x', 10);
    expect(error).toBeInstanceOf(FlushFailedError);
    expect(error.message).toBe(
      'flusher_x: 6 of 10 logs not delivered: disk full (ENOSPC) (5 logs); permission denied (EACCES) (1 log)',
    );
    expect(error.failedEvents).toBe(6);
    expect(error.reasons).toEqual([
      { reason: 'disk full (ENOSPC)', logs: 5 },
      { reason: 'permission denied (EACCES)', logs: 1 },
    ]);
  });

  it('lists five reasons and counts the rest; without a total it names the count alone', () => {
    const tally = new FailureTally();
    for (let i = 1; i <= 7; i++) tally.add(`reason ${i}`, 1);
    expect(
      tally.toError('flusher_x', undefined, 'the logs of this flush were not accepted').message,
    ).toBe(
      'flusher_x: 7 logs not delivered: reason 1 (1 log); reason 2 (1 log); reason 3 (1 log); reason 4 (1 log); reason 5 (1 log); and 2 more reasons; the logs of this flush were not accepted',
    );
  });

  it('keeps the error behind a reason as the cause when given one', () => {
    const tally = new FailureTally();
    tally.add('writing to out.log failed: EIO', 2);
    const cause = new Error('EIO');
    expect(tally.toError('flusher_x', 2, '', { cause }).cause).toBe(cause);
    expect('cause' in tally.toError('flusher_x', 2)).toBe(false);
  });

  it('take moves the counts out and leaves the tally empty', () => {
    const tally = new FailureTally();
    tally.add('timeout', 4);
    const taken = tally.take();
    expect(tally.count).toBe(0);
    expect(tally.reasons).toEqual([]);
    expect(taken.count).toBe(4);
    expect(taken.describe()).toBe('timeout (4 logs)');
  });
});
