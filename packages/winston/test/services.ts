import { randomUUID } from 'node:crypto';
import { createTopic as createServicesTopic } from '@logflush/services/kafka';
import {
  s3FlusherDetail,
  storedKeys as servicesStoredKeys,
  storedLines as servicesStoredLines,
} from '@logflush/services/s3';
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
export function createTopic(topic: string, partitions = 3): Promise<void> {
  return createServicesTopic(client(), topic, { partitions });
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
  return servicesStoredKeys(info, prefix);
}

/** Every line of every object under `prefix` (gunzipped when its key ends with .gz). */
export function storedLines(prefix: string, info: S3Info = s3Info()): string[] {
  return servicesStoredLines(info, prefix);
}

/** flusher_s3 options that reach the test server, with keys under `prefix`. */
export function s3Detail(prefix: string, extra: Record<string, unknown> = {}) {
  return s3FlusherDetail(s3Info(), prefix, extra);
}
