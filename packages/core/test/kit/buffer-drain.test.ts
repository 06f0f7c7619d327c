import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { BufferDrain } from '../../src/kit/buffer-drain.js';
import { BufferClosedError } from '../../src/kit/disk-buffer/errors.js';
import { openBuffer } from '../../src/kit/disk-buffer/open-buffer.js';
import type { BufferBatch, BufferType, LogBuffer } from '../../src/kit/disk-buffer/types.js';
import { drain, idOf, ids, record, tempDir } from './disk-buffer/helpers.js';

/** Waits (polling) until `condition` holds; fails after a generous bound instead of hanging. */
async function until(condition: () => boolean, what: string, bound = 10_000): Promise<void> {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited > bound) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

const batchIds = (batch: BufferBatch) => batch.records.map((r) => idOf(r.data));

async function openOf(type: BufferType, dir = type === 'disk' ? tempDir() : '') {
  const buffer = await openBuffer({ Type: type, Path: dir, MaxBytes: 1 << 20, WhenFull: 'block' });
  return { buffer, dir };
}

async function expectClosed(buffer: LogBuffer): Promise<void> {
  expect(await buffer.read({ maxRecords: 1, maxBytes: 1 })).toBeUndefined();
  await expect(buffer.append([record('late')])).rejects.toBeInstanceOf(BufferClosedError);
}

describe.each(['memory', 'disk'] as const)('BufferDrain over a %s buffer', (type) => {
  it('delivers every record once, in read order, with maxInFlight 1', async () => {
    const { buffer, dir } = await openOf(type);
    expect(await buffer.append(ids('a', 7).map((id) => record(id, 2)))).toBe('stored');
    const delivered: string[][] = [];
    let running = 0;
    let maxRunning = 0;
    const drainer = new BufferDrain({
      buffer,
      limits: { maxRecords: 3, maxBytes: 1 << 20 },
      maxInFlight: 1,
      async deliver(batch) {
        maxRunning = Math.max(maxRunning, ++running);
        await sleep(1);
        delivered.push(batchIds(batch));
        running--;
        return true;
      },
    });
    drainer.start();
    drainer.start(); // a second start changes nothing
    await until(() => delivered.flat().length === 7, 'the first records');
    // Records appended while it runs are read as they come.
    expect(await buffer.append(ids('b', 5).map((id) => record(id, 1)))).toBe('stored');
    await until(() => buffer.backlog.records === 0, 'the backlog to empty');
    await drainer.finish();
    expect(delivered.flat()).toEqual([...ids('a', 7), ...ids('b', 5)]);
    expect(delivered.every((batch) => batch.length >= 1 && batch.length <= 3)).toBe(true);
    expect(maxRunning).toBe(1);
    await expectClosed(buffer);
    if (type === 'disk') {
      const reopened = await openOf(type, dir);
      expect(reopened.buffer.recovered).toEqual({ records: 0, bytes: 0, logs: 0 });
      await reopened.buffer.close();
    }
  });

  it('runs at most maxInFlight (3) deliveries at once, and acknowledges them all', async () => {
    const { buffer } = await openOf(type);
    const count = 20;
    expect(await buffer.append(ids('c', count).map((id) => record(id, 3)))).toBe('stored');
    const started: string[] = [];
    const waiting: Array<() => void> = [];
    let running = 0;
    let maxRunning = 0;
    let finished = 0;
    const drainer = new BufferDrain({
      buffer,
      limits: { maxRecords: 1, maxBytes: 1 << 20 },
      maxInFlight: 3,
      async deliver(batch) {
        maxRunning = Math.max(maxRunning, ++running);
        started.push(...batchIds(batch));
        await new Promise<void>((resolve) => waiting.push(resolve));
        running--;
        finished++;
        return true;
      },
    });
    drainer.start();
    for (let released = 0; released < count; released++) {
      const expected = Math.min(3, count - released);
      // The delivery released last has ended, and the drain has started the next in its place
      // (after acknowledging the one that ended, which on disk writes the position).
      await until(
        () => finished === released && running === expected,
        `${expected} deliveries running`,
      );
      // Give it time to start a fourth, if it wrongly would.
      await sleep(20);
      expect(running).toBe(expected);
      waiting.shift()!();
    }
    await until(() => buffer.backlog.records === 0, 'the backlog to empty');
    expect(buffer.backlog).toEqual({ records: 0, bytes: 0, logs: 0 });
    expect(maxRunning).toBe(3);
    expect(started).toEqual(ids('c', count));
    await drainer.finish();
    await expectClosed(buffer);
  });

  it('tries a batch again after deliver throws, instead of losing it', async () => {
    const { buffer } = await openOf(type);
    expect(await buffer.append(ids('t', 3).map((id) => record(id)))).toBe('stored');
    const attempts: string[] = [];
    const delivered: string[] = [];
    let thrown = false;
    const drainer = new BufferDrain({
      buffer,
      limits: { maxRecords: 1, maxBytes: 1 << 20 },
      maxInFlight: 1,
      async deliver(batch) {
        const [id] = batchIds(batch);
        attempts.push(id!);
        if (id === 't1' && !thrown) {
          thrown = true;
          throw new Error('unexpected');
        }
        delivered.push(id!);
        return true;
      },
    });
    drainer.start();
    await until(() => buffer.backlog.records === 0, 'the retried batch to be acknowledged');
    expect(attempts).toEqual(['t0', 't1', 't1', 't2']);
    expect(delivered).toEqual(['t0', 't1', 't2']);
    await drainer.finish();
    await expectClosed(buffer);
  });

  it('finish on an empty buffer resolves and closes it, started or not', async () => {
    for (const started of [true, false]) {
      const { buffer, dir } = await openOf(type);
      let calls = 0;
      const drainer = new BufferDrain({
        buffer,
        limits: { maxRecords: 10, maxBytes: 1 << 20 },
        maxInFlight: 2,
        deliver: async () => {
          calls++;
          return true;
        },
      });
      if (started) drainer.start();
      await drainer.finish();
      expect(calls).toBe(0);
      await expectClosed(buffer);
      if (type === 'disk') {
        // Closed for real: the directory can be opened again.
        const reopened = await openOf(type, dir);
        expect(reopened.buffer.recovered.records).toBe(0);
        await reopened.buffer.close();
      }
    }
  });

  it('finish delivers what is left before closing', async () => {
    const { buffer } = await openOf(type);
    const delivered: string[] = [];
    const drainer = new BufferDrain({
      buffer,
      limits: { maxRecords: 2, maxBytes: 1 << 20 },
      maxInFlight: 2,
      async deliver(batch) {
        await sleep(2);
        delivered.push(...batchIds(batch));
        return true;
      },
    });
    drainer.start();
    expect(await buffer.append(ids('f', 9).map((id) => record(id)))).toBe('stored');
    await drainer.finish();
    expect(delivered.sort()).toEqual(ids('f', 9).sort());
    expect(delivered).toHaveLength(9);
    expect(buffer.backlog.records).toBe(0);
    // Nothing gave up: a clean finish is not a stall.
    expect(drainer.stalled).toBe(false);
    await expectClosed(buffer);
  });
});

describe('BufferDrain over a disk buffer whose delivery gives up while finishing', () => {
  it('stops, is stalled, and leaves exactly the undelivered records on disk', async () => {
    const { buffer, dir } = await openOf('disk');
    // Records r0..r5 carrying 1..6 logs.
    expect(await buffer.append(ids('r', 6).map((id, i) => record(id, i + 1)))).toBe('stored');
    const attempts: string[] = [];
    const drainer = new BufferDrain({
      buffer,
      limits: { maxRecords: 1, maxBytes: 1 << 20 },
      maxInFlight: 1,
      async deliver(batch, finishing) {
        const [id] = batchIds(batch);
        attempts.push(id!);
        if (id === 'r0' || id === 'r1') return true;
        // The destination is failing: keep trying until told to finish, then give up.
        while (!finishing()) await sleep(5);
        return false;
      },
    });
    drainer.start();
    await until(() => attempts.includes('r2'), 'the delivery of r2');
    expect(drainer.stalled).toBe(false);
    await drainer.finish();
    expect(drainer.stalled).toBe(true);
    expect(attempts).toEqual(['r0', 'r1', 'r2']);
    await expectClosed(buffer);

    const reopened = await openOf('disk', dir);
    expect(reopened.buffer.recovered.records).toBe(4);
    expect(reopened.buffer.recovered.logs).toBe(3 + 4 + 5 + 6);
    expect(await drain(reopened.buffer)).toEqual(['r2', 'r3', 'r4', 'r5']);
    await reopened.buffer.close();
  });
});
