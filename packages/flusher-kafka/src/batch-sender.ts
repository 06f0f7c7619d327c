import { setTimeout as sleep } from 'node:timers/promises';
import type { FlusherMetrics, Logger } from '@logflush/core';
import type { CompressionTypes, Producer, TopicMessages } from 'kafkajs';
import { backoffDelay } from './backoff.js';
import { describeKafkaError } from './kafka-error.js';
import type { OutgoingMessage } from './message-builder.js';

export interface BatchSenderOptions {
  readonly producer: Producer;
  readonly acks: -1 | 0 | 1;
  /** How long the broker may wait for the acknowledgements. */
  readonly brokerTimeoutMs: number;
  readonly compression: CompressionTypes;
  readonly maxRetries: number;
  readonly backoffInitMs: number;
  readonly backoffMaxMs: number;
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
 * Sends one batch in one kafkajs `sendBatch` call, retrying transient failures with iLogtail's
 * backoff up to MaxRetries times. Resolves to why the batch failed, or undefined once the broker
 * acknowledged it.
 */
export class BatchSender {
  constructor(private readonly options: BatchSenderOptions) {}

  async send(batch: readonly OutgoingMessage[]): Promise<string | undefined> {
    const { producer, acks, brokerTimeoutMs, compression, maxRetries } = this.options;
    const request = {
      topicMessages: topicMessages(batch),
      acks,
      timeout: brokerTimeoutMs,
      compression,
    };
    for (let retry = 0; ; retry++) {
      try {
        await producer.sendBatch(request);
        return undefined;
      } catch (error) {
        const failure = describeKafkaError(error, this.options.secrets);
        if (!failure.transient) return `${failure.reason} (not retried)`;
        if (retry >= maxRetries) {
          return `${failure.reason} (after ${retry} ${retry === 1 ? 'retry' : 'retries'})`;
        }
        const delayMs = Math.round(
          backoffDelay(retry, this.options.backoffInitMs, this.options.backoffMaxMs),
        );
        this.options.metrics.add('retries', 1);
        this.options.logger.warn(
          'FLUSHER_FLUSH_ALARM',
          `flusher_kafka: sending ${batch.length} messages failed: ${failure.reason}; retry ${retry + 1} of ${maxRetries} in ${delayMs} ms`,
        );
        await sleep(delayMs);
      }
    }
  }
}
