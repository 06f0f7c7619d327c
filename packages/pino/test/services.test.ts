import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { createTopic, readTopic } from '@logflush/services/kafka';
import { listAndReadObjects, s3ClientConfig, s3FlusherDetail } from '@logflush/services/s3';
import type { KafkaInfo, S3Info } from '@logflush/services/types';
import kafkajs from 'kafkajs';
import { randomUUID } from 'node:crypto';
import zlib from 'node:zlib';
import { describe, expect, inject, it } from 'vitest';
import { runApp } from './support.js';

declare module 'vitest' {
  interface ProvidedContext {
    kafka: KafkaInfo;
    s3: S3Info;
  }
}

const count = 100_000;
const allOf = (n: number) => Array.from({ length: n }, (_, i) => i);
const sortedIndexes = (lines: readonly string[]) =>
  lines.map((line) => Number((JSON.parse(line) as { i: string }).i)).sort((a, b) => a - b);

const kafkaClient = (brokers: string[]) =>
  new kafkajs.Kafka({ clientId: 'pino-test', brokers, logLevel: kafkajs.logLevel.NOTHING });

describe('100,000 logs through pino to the real services', () => {
  it('flusher_kafka: all 100,000 read back by a consumer', { timeout: 180_000 }, async () => {
    const brokers = [...inject('kafka').brokers.plaintext];
    const topic = `pino-${process.pid}-${Date.now().toString(36)}`;
    await createTopic(kafkaClient(brokers), topic);
    const run = await runApp({
      options: {
        flushers: [{ type: 'flusher_kafka', detail: { Brokers: brokers, Topic: topic } }],
      },
      count,
    });
    expect(run.stderr).not.toContain('not delivered');
    expect(run.stderr).not.toContain('FLUSHER_FLUSH_ALARM');
    expect(run.code).toBe(0);
    const values = (await readTopic(kafkaClient(brokers), topic)).map((message) =>
      message.value.toString('utf8'),
    );
    expect(values).toHaveLength(count);
    console.log(`kafka: app ran ${run.ms} ms`);
    // flusher_kafka's default message: iLogtail's custom_single json, contents under "contents".
    const indexes = values
      .map((value) => Number((JSON.parse(value) as { contents: { i: string } }).contents.i))
      .sort((a, b) => a - b);
    expect(indexes).toEqual(allOf(count));
  });

  it(
    'flusher_s3: all 100,000 in the objects listed and read back',
    { timeout: 180_000 },
    async () => {
      const info = inject('s3');
      const prefix = `pino/${randomUUID()}/`;
      const run = await runApp({
        options: {
          flushers: [
            {
              type: 'flusher_s3',
              detail: s3FlusherDetail(info, prefix, { MaxObjectBytes: 4 * 1024 * 1024 }),
            },
          ],
        },
        count,
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const client = new S3Client(s3ClientConfig(info));
      const objects = await listAndReadObjects(
        client,
        { ListObjectsV2Command, GetObjectCommand },
        info.bucket,
        prefix,
      );
      expect(objects.length).toBeGreaterThan(1);
      const lines: string[] = [];
      for (const { key, raw } of objects) {
        expect(key).toMatch(/\.gz$/);
        lines.push(...zlib.gunzipSync(raw).toString('utf8').split('\n').filter(Boolean));
      }
      client.destroy();
      expect(lines).toHaveLength(count);
      expect(sortedIndexes(lines)).toEqual(allOf(count));
    },
  );
});
