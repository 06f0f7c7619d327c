import {
  createTopic as servicesCreateTopic,
  readTopic as servicesReadTopic,
  type ConsumedMessage,
} from '@logflush/services/kafka';
import type { KafkaInfo } from '@logflush/services/types';
import kafkajs from 'kafkajs';
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
 * serves it (@logflush/services' createTopic).
 */
export function createTopic(topic: string, partitions = 3): Promise<void> {
  return servicesCreateTopic(testClient(), topic, { partitions });
}

export type { ConsumedMessage };

/**
 * Every message in `topic` now, read by a real consumer from the beginning of each partition up to
 * its high watermark, in partition then offset order.
 */
export async function readTopic(topic: string): Promise<ConsumedMessage[]> {
  // The reader is kafkajs whichever client wrote: it needs every codec in its table.
  for (const codec of ['snappy', 'lz4', 'zstd'] as const) await enableCompression(codec);
  return servicesReadTopic(testClient(), topic);
}

/** Message values as UTF-8 text. */
export function values(messages: readonly ConsumedMessage[]): string[] {
  return messages.map((message) => message.value.toString('utf8'));
}

/** The partition kafkajs's default partitioner (the Java client's murmur2 rule) picks for a keyed message. */
export function kafkajsPartition(key: string, partitions: number): number {
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
    partitionId,
    leader: 1,
    replicas: [1],
    isr: [1],
    partitionErrorCode: 0,
  }));
  return kafkajs.Partitioners.DefaultPartitioner()({
    topic: 'any',
    partitionMetadata,
    message: { key, value: null },
  });
}
