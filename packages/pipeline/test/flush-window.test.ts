import { FlushFailedError, type LogGroup } from '@logflush/core';
import { describe, expect, it } from 'vitest';
import { createPipeline, type PipelineOptions } from '../dist/index.js';
import { contents, heldFlusher, quietLogger, sleep, type HeldFlush } from './support.js';

async function heldPipeline(options: PipelineOptions = {}) {
  const { state, plugin } = heldFlusher();
  const pipeline = await createPipeline(
    { flushers: [{ type: 'flusher_held' }] },
    { plugins: [plugin], logger: quietLogger(), maxGroupLogs: 1, ...options },
  );
  return { state, pipeline };
}

/** Writes each record in its own turn of the event loop, so that each group is its own flush. */
async function writeEach(pipeline: { write(entry: Record<string, unknown>): boolean }, n: number) {
  for (let i = 0; i < n; i++) {
    pipeline.write({ i });
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Resolves every held flush, and those that come, until the flusher has received `logs` logs. */
async function settleAll(state: { held: HeldFlush[]; received: LogGroup[] }): Promise<void> {
  const started = Date.now();
  for (;;) {
    for (const held of state.held) held.resolve();
    await sleep(5);
    if (Date.now() - started > 300) return;
  }
}

const values = (groups: readonly LogGroup[]) => groups.flatMap((g) => contents(g).map((c) => c.i));

describe('pipelined flushes (flushWindow)', () => {
  it('keeps up to flushWindow flushes in progress, handing groups over in write order', async () => {
    const { state, pipeline } = await heldPipeline({ flushWindow: 3, maxBufferedLogs: 100 });
    await writeEach(pipeline, 6);
    await sleep(30);
    expect(state.held).toHaveLength(3);
    expect(values(state.received)).toEqual(['0', '1', '2']);
    // The second flush resolves first: a slot opens and the next group goes out.
    state.held[1]!.resolve();
    await sleep(30);
    expect(values(state.received)).toEqual(['0', '1', '2', '3']);
    expect(pipeline.metrics()).toMatchObject({ delivered: 0, buffered: 6 });
    const closing = pipeline.close();
    await settleAll(state);
    const outcome = await closing;
    expect(outcome).toMatchObject({ delivered: 6, undelivered: 0, dropped: 0 });
    expect(values(state.received)).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(state.maxInFlight).toBe(3);
  });

  it('defaults to 4 flushes in progress; flushWindow 1 waits for each flush', async () => {
    for (const [flushWindow, expected] of [
      [undefined, 4],
      [1, 1],
    ] as const) {
      const { state, pipeline } = await heldPipeline({ flushWindow, maxBufferedLogs: 100 });
      await writeEach(pipeline, 8);
      await sleep(30);
      expect(state.held).toHaveLength(expected);
      const closing = pipeline.close();
      await settleAll(state);
      expect(await closing).toMatchObject({ delivered: 8 });
      expect(state.maxInFlight).toBe(expected);
    }
  });

  it('flush() resolves only when every earlier flush has resolved, whatever order they settle in', async () => {
    const { state, pipeline } = await heldPipeline({ flushWindow: 4 });
    await writeEach(pipeline, 2);
    let flushed = false;
    const flushing = pipeline.flush().then(() => (flushed = true));
    await sleep(20);
    expect(state.held).toHaveLength(2);
    state.held[1]!.resolve();
    await sleep(20);
    expect(flushed).toBe(false);
    expect(pipeline.metrics().delivered).toBe(0);
    state.held[0]!.resolve();
    await flushing;
    expect(pipeline.metrics()).toMatchObject({ delivered: 2, buffered: 0 });
    await pipeline.close();
  });

  it('counts exactly what rejected flushes did not deliver, while later flushes were in progress', async () => {
    const { state, pipeline } = await heldPipeline({ flushWindow: 4, maxGroupLogs: 2 });
    // A group is handed over when the next log does not fit: 9 logs make 4 full groups.
    await writeEach(pipeline, 9);
    await sleep(20);
    expect(state.held).toHaveLength(4);
    state.held[3]!.resolve();
    state.held[0]!.reject(new FlushFailedError('flusher_held: 1 of 2 logs not delivered', 1));
    state.held[2]!.reject(new Error('connection lost'));
    state.held[1]!.resolve();
    const closing = pipeline.close();
    await settleAll(state);
    const outcome = await closing;
    expect(outcome).toMatchObject({ delivered: 6, undelivered: 3, dropped: 0 });
    expect(outcome.flushers[0]!.undelivered).toBe(3);
    expect(outcome.flushers[0]!.errors).toEqual([
      '1 logs not delivered: flusher_held: 1 of 2 logs not delivered',
      '2 logs not delivered: connection lost',
    ]);
  });

  it('rejects a flushWindow that is not a whole number ≥ 1', async () => {
    await expect(heldPipeline({ flushWindow: 0 })).rejects.toThrow(
      'options.flushWindow: expected a whole number ≥ 1, given 0',
    );
  });
});
