import { DeliveryError } from '@logflush/core';
import kafkajs, { type IHeaders, type Message, type Producer } from 'kafkajs';
import { enableCompression } from '../compression.js';
import { deliveryError, describeKafkaError, UnknownPartitionError } from '../kafka-error.js';
import { kafkajsLogCreator, kafkajsLogLevel } from '../kafkajs-logger.js';
import { saslOptions } from '../sasl-options.js';
import { tlsOptions } from '../tls-options.js';
import type {
  ClientSettings,
  KafkaClient,
  PartitionBatch,
  PartitionInfo,
  PartitionOutcome,
} from './client.js';

/** kafkajs headers: a repeated key becomes a list, in the order given. */
function recordHeaders(headers: ClientSettings['config']['Headers']): IHeaders | undefined {
  if (headers.length === 0) return undefined;
  const grouped: Record<string, string[]> = {};
  for (const { Key, Value } of headers) (grouped[Key] ??= []).push(Value);
  return Object.fromEntries(
    Object.entries(grouped).map(([key, values]) => [key, values.length === 1 ? values[0] : values]),
  );
}

/** Uses the partition the flusher chose for each message (kafkajs asks a partitioner per message). */
const chosenPartition =
  () =>
  ({ message }: { message: Message }) =>
    message.partition!;

/**
 * flusher_kafka over kafkajs. kafkajs answers a produce request as a whole: when one partition
 * fails it throws that partition's error and says nothing of the others (and rolls back the
 * idempotent sequence numbers of every partition in the request). So each partition's batch is
 * its own `sendBatch` call — the calls run at once and kafkajs pipelines them on the broker
 * connection — and its outcome is that call's.
 */
export async function createKafkajsClient(settings: ClientSettings): Promise<KafkaClient> {
  const { config, timeoutMs, secrets } = settings;
  const compression = await enableCompression(config.Compression);
  const kafka = new kafkajs.Kafka({
    clientId: config.ClientID,
    brokers: [...config.Brokers],
    ssl: tlsOptions(config.Authentication.TLS),
    sasl: saslOptions(config.Authentication),
    connectionTimeout: timeoutMs,
    authenticationTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    // The flusher retries by itself (BatchSender, connectWithin): kafkajs's own retries would
    // give up at once while the cluster is unreachable anyway.
    retry: { retries: 0 },
    logLevel: kafkajsLogLevel,
    logCreator: kafkajsLogCreator(settings.logger, secrets),
  });
  const idempotent = config.Idempotent;
  const producer: Producer = kafka.producer({
    createPartitioner: chosenPartition,
    idempotent,
    // An idempotent producer must allow kafkajs one retry of its own.
    retry: { retries: idempotent ? 1 : 0, initialRetryTime: 100, maxRetryTime: 100 },
    maxInFlightRequests: idempotent ? 1 : undefined,
    allowAutoTopicCreation: true,
  });
  const admin = kafka.admin();
  const headers = recordHeaders(config.Headers);
  const known = new Map<string, readonly PartitionInfo[]>();

  /**
   * kafkajs does not show its producer's metadata, so an admin client (its own connection) reads
   * it. The admin never creates topics; for a topic it does not know, an empty sendBatch loads
   * the producer's metadata, which creates the topic where the broker auto-creates topics (as a
   * send would), and the send is retried after the backoff.
   */
  const partitions = async (topic: string): Promise<readonly PartitionInfo[]> => {
    const cached = known.get(topic);
    if (cached !== undefined) return cached;
    const fetch = async () => {
      try {
        const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
        return topics[0]?.partitions ?? [];
      } catch (error) {
        if ((error as { type?: string }).type !== 'UNKNOWN_TOPIC_OR_PARTITION') throw error;
        return [];
      }
    };
    let metadata = await fetch();
    if (metadata.length === 0) {
      await producer
        .sendBatch({ topicMessages: [{ topic, messages: [] }], acks: settings.acks })
        .catch(() => {});
      metadata = await fetch();
    }
    if (metadata.length === 0) {
      throw new DeliveryError(
        `KafkaJSProtocolError: This server does not host this topic-partition (UNKNOWN_TOPIC_OR_PARTITION): topic ${topic} is being created`,
        { retryable: true },
      );
    }
    const list = [...metadata]
      .sort((a, b) => a.partitionId - b.partitionId)
      .map((partition) => ({ id: partition.partitionId, hasLeader: partition.leader >= 0 }));
    known.set(topic, list);
    return list;
  };

  const sendOne = async (batch: PartitionBatch): Promise<PartitionOutcome> => {
    try {
      const answers = await producer.sendBatch({
        topicMessages: [
          {
            topic: batch.topic,
            messages: batch.messages.map((message) => ({
              key: message.key,
              value: message.value,
              headers,
              partition: batch.partition,
            })),
          },
        ],
        acks: settings.acks,
        timeout: settings.brokerTimeoutMs,
        compression,
      });
      // kafkajs sends nothing for a partition its metadata does not list, and resolves without
      // an answer for it; with acks 0 no partition is answered, so this cannot be told there.
      const answered = answers.some(
        (answer) => answer.topicName === batch.topic && answer.partition === batch.partition,
      );
      if (!answered && settings.acks !== 0)
        return new UnknownPartitionError(batch.topic, batch.partition, undefined);
      return undefined;
    } catch (error) {
      return deliveryError(describeKafkaError(error, secrets), error);
    }
  };

  return {
    connectOnce: async () => {
      await producer.connect();
      await admin.connect();
    },
    partitions,
    refreshMetadata: () => known.clear(),
    produce: (batches) => Promise.all(batches.map(sendOne)),
    describe: (error) => describeKafkaError(error, secrets),
    close: async () => {
      await admin.disconnect().catch(() => {});
      await producer.disconnect();
    },
  };
}
