import { FlushFailedError } from '@logflush/core';
import { describe, expect, it } from 'vitest';
import { createPipeline } from '../dist/index.js';
import { heldFlusher, quietLogger, sleep } from './support.js';

/** flusher_held (test/support.ts): every flush stays in progress until the test settles it. */
async function heldPipeline(maxGroupLogs: number) {
  const { state, plugin } = heldFlusher();
  const { held } = state;
  const pipeline = await createPipeline(
    { flushers: [{ type: 'flusher_held' }] },
    { plugins: [plugin], logger: quietLogger(), maxGroupLogs, lingerMs: Infinity, flushWindow: 4 },
  );
  return { held, pipeline };
}

describe('mark()', () => {
  it('resolves at once when nothing is held', async () => {
    const { pipeline } = await heldPipeline(1);
    await pipeline.mark();
    await pipeline.close();
  });

  it('does not hand over the partial group, and resolves once what was written before it is resolved', async () => {
    const { held, pipeline } = await heldPipeline(2);
    pipeline.write({ i: 0 });
    let marked = false;
    const marking = pipeline.mark().then(() => (marked = true));
    await sleep(20);
    // The partial group (1 of 2 logs) is still being built: nothing went out.
    expect(held).toHaveLength(0);
    expect(marked).toBe(false);
    pipeline.write({ i: 1 });
    pipeline.write({ i: 2 }); // the first group is full now and goes out
    await sleep(20);
    expect(held).toHaveLength(1);
    expect(marked).toBe(false);
    held[0]!.resolve();
    await marking;
    expect(marked).toBe(true);
    const closing = pipeline.close();
    await sleep(20);
    for (const flush of held) flush.resolve();
    expect(await closing).toMatchObject({ delivered: 3 });
  });

  it('resolves in order, also when later flushes settle first, and when a flush is rejected (counted)', async () => {
    const { held, pipeline } = await heldPipeline(1);
    const order: number[] = [];
    // Each write in its own turn of the event loop, so that each group is its own flush.
    const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
    pipeline.write({ i: 0 });
    await turn();
    const first = pipeline.mark().then(() => order.push(1));
    pipeline.write({ i: 1 });
    await turn();
    const second = pipeline.mark().then(() => order.push(2));
    pipeline.write({ i: 2 });
    await turn();
    void pipeline.flush();
    await sleep(20);
    expect(held).toHaveLength(3);
    held[2]!.resolve();
    held[1]!.resolve();
    await sleep(20);
    expect(order).toEqual([]);
    held[0]!.reject(new FlushFailedError('flusher_held: 1 of 1 logs not delivered', 1));
    await Promise.all([first, second]);
    expect(order).toEqual([1, 2]);
    expect(await pipeline.close()).toMatchObject({ delivered: 2, undelivered: 1 });
  });
});
