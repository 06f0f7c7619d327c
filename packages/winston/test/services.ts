import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { KafkaInfo, S3Info } from '@logflush/services/types';
import kafkajs from 'kafkajs';
import { inject } from 'vitest';

declare module 'vitest' {
  interface ProvidedContext {
    kafka: KafkaInfo;
    s3: S3Info;
  }
}

/** The broker and the S3 server that the vitest global setups started (or found running). */
export const kafkaInfo = (): KafkaInfo => inject('kafka');
export const s3Info = (): S3Info => inject('s3');

/** A name no other test (or earlier run) uses. */
export const uniqueName = (label: string): string => `${label}-${randomUUID()}`;

const client = () =>
  new kafkajs.Kafka({
    clientId: 'logflush-winston-test',
    brokers: [...kafkaInfo().brokers.plaintext],
    logLevel: kafkajs.logLevel.NOTHING,
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Creates `topic` and waits (bounded) until every partition's leader serves it, as
 * flusher-kafka's tests do: a produce to a topic the broker is still creating fails for some
 * partitions, and flusher_kafka's retry of that request duplicates the partitions that had taken it.
 */
export async function createTopic(topic: string, partitions = 3): Promise<void> {
  const admin = client().admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [{ topic, numPartitions: partitions }],
      waitForLeaders: false,
    });
    for (let attempt = 1; ; attempt++) {
      try {
        const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
        const found = topics[0]?.partitions ?? [];
        if (found.length === partitions && found.every((partition) => partition.leader >= 0)) {
          // ListOffsets is answered only by a leader that serves the partition.
          await admin.fetchTopicOffsets(topic);
          return;
        }
      } catch (error) {
        if (attempt >= 100) throw error;
      }
      if (attempt >= 100) throw new Error(`topic ${topic}: partitions have no leader after 10 s`);
      await sleep(100);
    }
  } finally {
    await admin.disconnect();
  }
}

/**
 * The values of every message in `topic`, read by a real consumer from the beginning until
 * `expected` messages have arrived and no more come for a while (or `timeoutMs` passed).
 */
export async function readTopic(
  topic: string,
  expected: number,
  timeoutMs = 60_000,
): Promise<Buffer[]> {
  const consumer = client().consumer({ groupId: `reader-${topic}`, maxWaitTimeInMs: 100 });
  const values: Buffer[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let last = Date.now();
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) if (message.value) values.push(message.value);
        last = Date.now();
      },
    });
    const deadline = Date.now() + timeoutMs;
    // Past `expected`, wait a little longer so that duplicates would be seen too.
    while (Date.now() < deadline && (values.length < expected || Date.now() - last < 1_000))
      await sleep(100);
  } finally {
    await consumer.disconnect();
  }
  return values;
}

/** The keys stored under `prefix` on the S3 server, read from its filesystem store. */
export function storedKeys(prefix: string, info: S3Info = s3Info()): string[] {
  const bucketDir = path.join(info.dataDir, info.bucket);
  const dir = path.join(bucketDir, prefix);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(dir, name))
    .filter((file) => fs.statSync(file).isFile())
    .map((file) => path.relative(bucketDir, file).split(path.sep).join('/'))
    .sort();
}

/** Every line of every object under `prefix` (gunzipped when its key ends with .gz). */
export function storedLines(prefix: string, info: S3Info = s3Info()): string[] {
  const lines: string[] = [];
  for (const key of storedKeys(prefix, info)) {
    const raw = fs.readFileSync(path.join(info.dataDir, info.bucket, key));
    const text = key.endsWith('.gz') ? zlib.gunzipSync(raw).toString('utf8') : raw.toString('utf8');
    for (const line of text.split('\n')) if (line !== '') lines.push(line);
  }
  return lines;
}

/** flusher_s3 options that reach the test server, with keys under `prefix`. */
export function s3Detail(prefix: string, extra: Record<string, unknown> = {}) {
  const info = s3Info();
  return {
    Bucket: info.bucket,
    Endpoint: info.endpoint,
    Region: info.region,
    ForcePathStyle: true,
    AccessKeyId: info.accessKeyId,
    SecretAccessKey: info.secretAccessKey,
    KeyFormat: `${prefix}{uuid}{ext}`,
    ...extra,
  };
}
