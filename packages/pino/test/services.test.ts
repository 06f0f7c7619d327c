import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
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

/** Creates `topic` and waits until every partition's leader serves it (a produce before that is retried and may duplicate). */
async function createTopic(brokers: string[], topic: string): Promise<void> {
  const kafka = new kafkajs.Kafka({
    clientId: 'pino-test',
    brokers,
    logLevel: kafkajs.logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: false });
    for (let attempt = 1; ; attempt++) {
      try {
        const offsets = await admin.fetchTopicOffsets(topic);
        if (offsets.length === 3) break;
      } catch (error) {
        if (attempt >= 100) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await admin.disconnect();
  }
}

/** Every message of `topic`, read by a real consumer from the beginning up to the high watermarks. */
async function readTopic(brokers: string[], topic: string): Promise<string[]> {
  const kafka = new kafkajs.Kafka({
    clientId: 'pino-test',
    brokers,
    logLevel: kafkajs.logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const ends = new Map(offsets.map((entry) => [entry.partition, BigInt(entry.high)]));
  const remaining = new Set(
    [...ends].filter(([, high]) => high > 0n).map(([partition]) => partition),
  );
  const values: string[] = [];
  const consumer = kafka.consumer({ groupId: `reader-${topic}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachBatch: async ({ batch }) => {
            for (const message of batch.messages)
              values.push(message.value?.toString('utf8') ?? '');
            const last = batch.messages.at(-1);
            if (last !== undefined && BigInt(last.offset) + 1n >= (ends.get(batch.partition) ?? 0n))
              remaining.delete(batch.partition);
            if (remaining.size === 0) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return values;
}

describe('100,000 logs through pino to the real services', () => {
  it('flusher_kafka: all 100,000 read back by a consumer', { timeout: 180_000 }, async () => {
    const brokers = [...inject('kafka').brokers.plaintext];
    const topic = `pino-${process.pid}-${Date.now().toString(36)}`;
    await createTopic(brokers, topic);
    const run = await runApp({
      options: {
        flushers: [{ type: 'flusher_kafka', detail: { Brokers: brokers, Topic: topic } }],
      },
      count,
    });
    expect(run.stderr).not.toContain('not delivered');
    expect(run.stderr).not.toContain('FLUSHER_FLUSH_ALARM');
    expect(run.code).toBe(0);
    const values = await readTopic(brokers, topic);
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
              detail: {
                Bucket: info.bucket,
                Endpoint: info.endpoint,
                Region: info.region,
                ForcePathStyle: true,
                AccessKeyId: info.accessKeyId,
                SecretAccessKey: info.secretAccessKey,
                KeyFormat: `${prefix}{uuid}{ext}`,
                MaxObjectBytes: 4 * 1024 * 1024,
              },
            },
          ],
        },
        count,
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const client = new S3Client({
        endpoint: info.endpoint,
        region: info.region,
        forcePathStyle: true,
        credentials: { accessKeyId: info.accessKeyId, secretAccessKey: info.secretAccessKey },
      });
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({
            Bucket: info.bucket,
            Prefix: prefix,
            ContinuationToken: token,
          }),
        );
        keys.push(...(page.Contents ?? []).map((object) => object.Key!));
        token = page.NextContinuationToken;
      } while (token !== undefined);
      expect(keys.length).toBeGreaterThan(1);
      const lines: string[] = [];
      for (const key of keys) {
        expect(key).toMatch(/\.gz$/);
        const object = await client.send(new GetObjectCommand({ Bucket: info.bucket, Key: key }));
        const raw = Buffer.from(await object.Body!.transformToByteArray());
        lines.push(...zlib.gunzipSync(raw).toString('utf8').split('\n').filter(Boolean));
      }
      client.destroy();
      expect(lines).toHaveLength(count);
      expect(sortedIndexes(lines)).toEqual(allOf(count));
    },
  );
});
