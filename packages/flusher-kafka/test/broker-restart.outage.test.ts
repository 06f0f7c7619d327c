import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FlushFailedError, type LogGroup } from '@logflush/core';
import { createLogGroup, createLogs } from '@logflush/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { restartKafka } from '@logflush/services/kafka';
import { clientErrors, flush, startFlusher, type RunningFlusher } from './support/flusher.js';
import { createTopic, plaintextBrokers, readTopic, uniqueTopic } from './support/kafka.js';

const totalLogs = 100_000;
const logsPerGroup = 1_000;
const groups = totalLogs / logsPerGroup;

function group(index: number): LogGroup {
  const first = index * logsPerGroup;
  return createLogGroup({
    logs: createLogs(logsPerGroup, {
      contents: (i) => ({ seq: String(first + i), msg: 'restart test' }),
    }),
  });
}

async function flushWhenReady(running: RunningFlusher, groupToSend: LogGroup): Promise<void> {
  while (!running.flusher.isReady('test-project', 'test-logstore', 0n)) await sleep(10);
  await flush(running, [groupToSend]);
}

/** The seq field of every message in `topic`. */
async function sequences(topic: string): Promise<number[]> {
  return (await readTopic(topic)).map((message) =>
    Number(
      (JSON.parse(message.value.toString('utf8')) as { contents: { seq: string } }).contents.seq,
    ),
  );
}

const flushers: RunningFlusher[] = [];

afterAll(async () => {
  await Promise.all(flushers.map(({ flusher }) => flusher.stop()));
});

describe('the broker stops mid-run and starts again', () => {
  it(`delivers all ${totalLogs} logs; with Idempotent without duplicates; with few retries flush reports the failure`, async () => {
    const plainTopic = uniqueTopic('restart');
    const idempotentTopic = uniqueTopic('restart-idempotent');
    const failingTopic = uniqueTopic('restart-fails');
    await Promise.all([
      createTopic(plainTopic),
      createTopic(idempotentTopic),
      createTopic(failingTopic),
    ]);
    // Enough retries to outlast a broker restart on a busy machine (several seconds).
    const patient = {
      Brokers: plaintextBrokers(),
      MaxRetries: 60,
      Backoff: { Init: '100ms', Max: '1s' },
    };
    const plain = await startFlusher({ ...patient, Topic: plainTopic, Compression: 'lz4' });
    const idempotent = await startFlusher({ ...patient, Topic: idempotentTopic, Idempotent: true });
    const impatient = await startFlusher({
      Brokers: plaintextBrokers(),
      Topic: failingTopic,
      MaxRetries: 1,
      Backoff: { Init: '50ms', Max: '50ms' },
    });
    flushers.push(plain, idempotent, impatient);

    // The first 30 groups go before the stop, the next 20 race with it, the last 50 are
    // flushed only once the broker is down, so they must wait through the outage.
    let brokerDown: () => void = () => {};
    const down = new Promise<void>((resolve) => (brokerDown = resolve));
    let beforeStop: () => void = () => {};
    const readyToStop = new Promise<void>((resolve) => (beforeStop = resolve));
    let atThirty = 0;
    const send = async (running: RunningFlusher) => {
      for (let index = 0; index < groups; index++) {
        if (index === 30 && ++atThirty === 2) beforeStop();
        if (index === 50) await down;
        await flushWhenReady(running, group(index));
      }
    };
    const sending = Promise.all([send(plain), send(idempotent)]);

    await readyToStop;
    let failure: unknown;
    // tooling/services' restart keeps the broker's data (topics and acknowledged messages).
    await restartKafka({
      whileDown: async () => {
        failure = await flush(impatient, [createLogGroup({ logs: createLogs(10) })]).catch(
          (error: unknown) => error,
        );
        brokerDown();
      },
    });
    await sending;

    expect(failure).toBeInstanceOf(FlushFailedError);
    expect((failure as FlushFailedError).failedEvents).toBe(10);
    expect((failure as Error).message).toMatch(
      new RegExp(
        `^flusher_kafka: 10 of 10 logs not delivered: to topic "${failingTopic}": ${clientErrors.any} \\(after 1 retry\\) \\(10 logs\\)$`,
      ),
    );
    expect(impatient.context.metrics.get('failed_events')).toBe(10);
    expect(impatient.context.metrics.get('retries')).toBe(1);
    const retryWarnings = impatient.context.lines.filter(
      (line) => line.alarmType === 'FLUSHER_FLUSH_ALARM',
    );
    expect(retryWarnings).toHaveLength(1);
    expect(retryWarnings[0]!.message).toMatch(
      new RegExp(
        `^flusher_kafka: sending 10 messages failed: ${clientErrors.any}; retry 1 of 1 in (2[5-9]|[34]\\d|50) ms$`,
      ),
    );

    for (const running of [plain, idempotent]) {
      expect(running.context.metrics.get('out_events')).toBe(totalLogs);
      expect(running.context.metrics.get('failed_events')).toBe(0);
      expect(running.context.metrics.get('retries')).toBeGreaterThan(0);
    }

    const plainSeqs = new Set(await sequences(plainTopic));
    const missing = Array.from({ length: totalLogs }, (_, i) => i).filter(
      (seq) => !plainSeqs.has(seq),
    );
    expect(missing).toEqual([]);

    const idempotentSeqs = await sequences(idempotentTopic);
    expect(idempotentSeqs).toHaveLength(totalLogs);
    expect(new Set(idempotentSeqs).size).toBe(totalLogs);
  }, 180_000);
});

describe('stop with a disk buffer while the broker is away', () => {
  it('ends the waits between retries: stop returns without waiting for Backoff, the logs stay in the buffer', async () => {
    const topic = uniqueTopic('stop-retrying');
    await createTopic(topic);
    const bufferPath = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'logflush-kafka-')), 'b');
    const running = await startFlusher({
      Brokers: plaintextBrokers(),
      Topic: topic,
      Timeout: '2s',
      MaxRetries: 5,
      Backoff: { Init: '60s', Max: '60s' },
      Buffer: { Type: 'disk', Path: bufferPath },
    });
    // The sender is connected and has delivered a first group.
    await flush(running, [group(0)]);
    while (running.context.metrics.get('out_events') < logsPerGroup) await sleep(20);

    await restartKafka({
      whileDown: async () => {
        await flush(running, [group(1)]);
        const retrying = () =>
          running.context.lines.some((line) =>
            /^flusher_kafka: sending \d+ messages failed: .*; retry 1 of 5 in \d+ ms$/.test(
              line.message,
            ),
          );
        while (!retrying()) await sleep(20);
        // The sender now waits 30 to 60 s before its next try.
        const outcome = await Promise.race([
          running.flusher.stop().then(() => 'stopped'),
          sleep(15_000, 'still stopping after 15 s'),
        ]);
        expect(outcome).toBe('stopped');
        expect(running.flusher.backlog()).toEqual({
          logs: logsPerGroup,
          bytes: expect.any(Number) as number,
        });
        expect(running.context.metrics.get('out_events')).toBe(logsPerGroup);
      },
    });
  }, 120_000);
});
