import { setTimeout as sleep } from 'node:timers/promises';
import {
  FlusherLifecycleError,
  FlusherNotInitializedError,
  FlusherStoppedError,
} from '@logflush/core';
import { createLogGroup, createLogs, mockContext } from '@logflush/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createFlusher,
  flush,
  quickRetries,
  startFlusher,
  type RunningFlusher,
} from './support/flusher.js';
import { createTopic, plaintextBrokers, readTopic, uniqueTopic } from './support/kafka.js';

let running: RunningFlusher | undefined;

afterEach(async () => {
  await running?.flusher.stop();
  running = undefined;
});

/** Resolves to whether `promise` has settled. */
async function hasSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await sleep(200);
  return settled;
}

async function lingeringFlusher(
  topic: string,
  extra: Record<string, unknown> = {},
): Promise<RunningFlusher> {
  await createTopic(topic, 1);
  // A linger far longer than any test: messages leave only when something makes them.
  return startFlusher({
    ...quickRetries,
    Brokers: plaintextBrokers(),
    Topic: topic,
    BulkFlushFrequency: '1h',
    ...extra,
  });
}

describe('linger, isReady, setUrgent and stop', () => {
  it('isReady is false while accepted bytes are at MaxBufferedBytes; setUrgent(true) sends them at once', async () => {
    const topic = uniqueTopic('urgent');
    running = await lingeringFlusher(topic, { MaxBufferedBytes: 1000 });
    expect(running.flusher.isReady('p', 'l', 0n)).toBe(true);

    const pending = flush(running, [createLogGroup({ logs: createLogs(20) })]);
    expect(running.flusher.isReady('p', 'l', 0n)).toBe(false);
    expect(await hasSettled(pending)).toBe(false);

    running.flusher.setUrgent(true);
    await pending;
    expect(running.flusher.isReady('p', 'l', 0n)).toBe(true);
    expect(await readTopic(topic)).toHaveLength(20);
  });

  it('a batch that fills BulkMaxSize leaves without waiting for the linger', async () => {
    const topic = uniqueTopic('full-batch');
    running = await lingeringFlusher(topic, { BulkMaxSize: 10 });
    await flush(running, [createLogGroup({ logs: createLogs(30) })]);
    expect(await readTopic(topic)).toHaveLength(30);
  });

  it('stop sends what lingers, resolves the pending flush, then rejects new flushes', async () => {
    const topic = uniqueTopic('stop-drains');
    running = await lingeringFlusher(topic);
    const pending = flush(running, [createLogGroup({ logs: createLogs(15) })]);
    expect(await hasSettled(pending)).toBe(false);

    await running.flusher.stop();
    await pending;
    expect(await readTopic(topic)).toHaveLength(15);
    expect(running.context.metrics.get('out_events')).toBe(15);
    await expect(flush(running, [createLogGroup({ logs: createLogs(1) })])).rejects.toBeInstanceOf(
      FlusherStoppedError,
    );
    await running.flusher.stop();
    expect(running.flusher.isReady('p', 'l', 0n)).toBe(false);
  });

  it('stop before init, and flush before init, are handled', async () => {
    const flusher = createFlusher({ Brokers: plaintextBrokers(), Topic: 'never-written' });
    expect(flusher.isReady('p', 'l', 0n)).toBe(false);
    const early = flusher.flush('p', 'l', 'c', []);
    await expect(early).rejects.toBeInstanceOf(FlusherNotInitializedError);
    await expect(early).rejects.toThrow(
      'flusher_kafka: flush called before init; the data was not accepted',
    );
    await flusher.stop();
    await expect(flusher.flush('p', 'l', 'c', [])).rejects.toBeInstanceOf(FlusherStoppedError);
    await expect(flusher.init(mockContext())).rejects.toThrow(
      new FlusherLifecycleError('flusher_kafka', 'init called after stop'),
    );
  });

  it('counts what it receives and delivers', async () => {
    const topic = uniqueTopic('metrics');
    await createTopic(topic, 1);
    running = await startFlusher({ ...quickRetries, Brokers: plaintextBrokers(), Topic: topic });
    const groups = [
      createLogGroup({ logs: createLogs(3) }),
      createLogGroup({ logs: createLogs(4) }),
    ];
    await flush(running, groups);
    const metrics = running.context.metrics;
    expect(metrics.get('in_event_groups')).toBe(2);
    expect(metrics.get('in_events')).toBe(7);
    expect(metrics.get('out_events')).toBe(7);
    expect(metrics.get('failed_events')).toBe(0);
    const bodies = (await readTopic(topic)).reduce((sum, message) => sum + message.value.length, 0);
    expect(metrics.get('in_size_bytes')).toBe(bodies);
  });

  it('init twice is refused', async () => {
    const topic = uniqueTopic('init-twice');
    running = await startFlusher({ Brokers: plaintextBrokers(), Topic: topic });
    const again = running.flusher.init(mockContext());
    await expect(again).rejects.toBeInstanceOf(FlusherLifecycleError);
    await expect(again).rejects.toThrow('flusher_kafka: init called twice');
  });
});
