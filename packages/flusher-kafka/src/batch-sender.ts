import {
  retryOutcome,
  withRetries,
  type FlusherMetrics,
  type Logger,
  type RetryPolicy,
} from '@logflush/core';
import type { CompressionTypes, Producer, TopicMessages } from 'kafkajs';
import { kafkaDeliveryError } from './kafka-error.js';
import type { OutgoingMessage } from './message-builder.js';

export interface BatchSenderOptions {
  readonly producer: Producer;
  readonly acks: -1 | 0 | 1;
  /** How long the broker may wait for the acknowledgements. */
  readonly brokerTimeoutMs: number;
  readonly compression: CompressionTypes;
  /** MaxRetries and Backoff. */
  readonly retry: RetryPolicy;
  readonly secrets: readonly string[];
  readonly logger: Logger;
  readonly metrics: FlusherMetrics;
}

function topicMessages(batch: readonly OutgoingMessage[]): TopicMessages[] {
  const byTopic = new Map<string, TopicMessages>();
  for (const message of batch) {
    let entry = byTopic.get(message.topic);
    if (entry === undefined) {
      entry = { topic: message.topic, messages: [] };
      byTopic.set(message.topic, entry);
    }
    entry.messages.push(message.record);
  }
  return [...byTopic.values()];
}

/**
 * Sends one batch in one kafkajs `sendBatch` call, retrying transient failures (the kit's
 * withRetries and backoff) up to MaxRetries times. Resolves to why the batch failed, or undefined
 * once the broker acknowledged it.
 */
export class BatchSender {
  constructor(private readonly options: BatchSenderOptions) {}

  async send(batch: readonly OutgoingMessage[]): Promise<string | undefined> {
    const { producer, acks, brokerTimeoutMs, compression, retry, secrets, logger, metrics } =
      this.options;
    const request = {
      topicMessages: topicMessages(batch),
      acks,
      timeout: brokerTimeoutMs,
      compression,
    };
    try {
      await withRetries(
        async () => {
          try {
            await producer.sendBatch(request);
          } catch (error) {
            throw kafkaDeliveryError(error, secrets);
          }
        },
        retry,
        {
          onRetry: (error, n, delayMs) => {
            metrics.add('retries', 1);
            logger.warn(
              'FLUSHER_FLUSH_ALARM',
              `flusher_kafka: sending ${batch.length} messages failed: ${(error as Error).message}; retry ${n} of ${retry.maxRetries} in ${Math.round(delayMs)} ms`,
            );
          },
        },
      );
      return undefined;
    } catch (error) {
      return `${(error as Error).message} (${retryOutcome(error, retry)})`;
    }
  }
}
