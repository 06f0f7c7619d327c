import { setTimeout as sleep } from 'node:timers/promises';
import type { KafkaInfo } from '@logflush/services/types';
import kafkajs, { type IHeaders } from 'kafkajs';
import { inject } from 'vitest';
import { enableCompression } from '../../src/compression.js';

declare module 'vitest' {
  interface ProvidedContext {
    kafka: KafkaInfo;
  }
}

/** The broker the vitest global setup started (or found running). */
export function kafkaInfo(): KafkaInfo {
  return inject('kafka');
}

export function plaintextBrokers(): string[] {
  return [...kafkaInfo().brokers.plaintext];
}

let topicCounter = 0;

/** A topic name no other test (or earlier run) uses. */
export function uniqueTopic(label: string): string {
  topicCounter += 1;
  return `t-${label}-${process.pid}-${Date.now().toString(36)}-${topicCounter}`;
}

function testClient() {
  return new kafkajs.Kafka({
    clientId: 'logflush-test',
    brokers: plaintextBrokers(),
    logLevel: kafkajs.logLevel.NOTHING,
  });
}

/**
 * Creates `topic` with `partitions` partitions and waits (bounded) until each partition's leader
 * serves it. The broker may briefly answer metadata requests for a new topic with
 * UNKNOWN_TOPIC_OR_PARTITION (kafkajs' own waitForLeaders gives up on that), so the wait is
 * polled here.
 */
export async function createTopic(topic: string, partitions = 3): Promise<void> {
  const admin = testClient().admin();
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
        if (found.length === partitions && found.every((partition) => partition.leader >= 0)) break;
      } catch (error) {
        if (attempt >= 100 || (error as { retriable?: boolean }).retriable === false) throw error;
      }
      if (attempt >= 100) throw new Error(`topic ${topic}: partitions have no leader after 10 s`);
      await sleep(100);
    }
    // The controller names leaders before each leader's broker serves the partition; a produce in
    // between fails for that partition, and the retried request duplicates the others. ListOffsets
    // is answered only by a leader that serves the partition, so the topic is ready once it is.
    await fetchTopicOffsets(admin, topic);
  } finally {
    await admin.disconnect();
  }
}

export interface ConsumedMessage {
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer;
  readonly headers: IHeaders;
  /** The record batch the message came in (its first offset). */
  readonly batch: string;
}

/** High watermarks; a topic that was just auto-created may need a moment to get its leaders. */
async function fetchTopicOffsets(admin: kafkajs.Admin, topic: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (error) {
      if (attempt >= 50 || (error as { retriable?: boolean }).retriable === false) throw error;
      await sleep(100);
    }
  }
}

/**
 * Every message in `topic` now, read by a real consumer from the beginning of each partition up to
 * its high watermark, in partition then offset order.
 */
export async function readTopic(topic: string): Promise<ConsumedMessage[]> {
  // The reader is kafkajs whichever client wrote: it needs every codec in its table.
  for (const codec of ['snappy', 'lz4', 'zstd'] as const) await enableCompression(codec);
  const kafka = testClient();
  const admin = kafka.admin();
  await admin.connect();
  let ends: Map<number, bigint>;
  try {
    const offsets = await fetchTopicOffsets(admin, topic);
    ends = new Map(offsets.map((entry) => [entry.partition, BigInt(entry.high)]));
  } finally {
    await admin.disconnect();
  }
  const remaining = new Set(
    [...ends].filter(([, high]) => high > 0n).map(([partition]) => partition),
  );
  const messages: ConsumedMessage[] = [];
  if (remaining.size === 0) return messages;

  const consumer = kafka.consumer({
    groupId: `reader-${topic}-${Date.now()}`,
    maxWaitTimeInMs: 100,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachBatch: async ({ batch }) => {
            for (const message of batch.messages) {
              messages.push({
                partition: batch.partition,
                offset: message.offset,
                key: message.key === null ? null : message.key.toString('utf8'),
                value: message.value ?? Buffer.alloc(0),
                headers: message.headers ?? {},
                batch:
                  (message as { batchContext?: { firstOffset?: string } }).batchContext
                    ?.firstOffset ?? '',
              });
            }
            const last = batch.messages.at(-1);
            const end = ends.get(batch.partition) ?? 0n;
            if (last !== undefined && BigInt(last.offset) + 1n >= end)
              remaining.delete(batch.partition);
            if (remaining.size === 0) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return messages.sort(
    (a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)),
  );
}

/** Message values as UTF-8 text. */
export function values(messages: readonly ConsumedMessage[]): string[] {
  return messages.map((message) => message.value.toString('utf8'));
}
