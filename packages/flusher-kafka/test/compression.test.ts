import { createLogGroup, createLogs } from '@logflush/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { compressionNames } from '../src/config.js';
import { flush, quickRetries, startFlusher, type RunningFlusher } from './support/flusher.js';
import { createTopic, plaintextBrokers, readTopic, uniqueTopic, values } from './support/kafka.js';

let running: RunningFlusher | undefined;

afterEach(async () => {
  await running?.flusher.stop();
  running = undefined;
});

describe('Compression', () => {
  for (const Compression of compressionNames) {
    it(`${Compression}: the broker accepts the batches and a consumer reads back every message`, async () => {
      const topic = uniqueTopic(`codec-${Compression}`);
      await createTopic(topic, 1);
      // Idempotent: the test counts what it reads back, and without it a retry may add a message.
      running = await startFlusher({
        ...quickRetries,
        Idempotent: true,
        Brokers: plaintextBrokers(),
        Topic: topic,
        Compression,
      });
      const logs = createLogs(300, {
        contents: (i) => ({ seq: String(i), msg: `repetitive log line ${i % 7} `.repeat(4) }),
      });
      await flush(running, [createLogGroup({ logs })]);

      const read = values(await readTopic(topic));
      expect(read).toHaveLength(300);
      expect(read[42]).toBe(
        `{"contents":{"msg":"${'repetitive log line 0 '.repeat(4)}","seq":"42"},"tags":{"host.ip":""},"time":1700000042}`,
      );
    });
  }
});
