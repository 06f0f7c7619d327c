import {
  DeliveryError,
  isRetryable,
  retryOutcome,
  withRetries,
  type FlusherMetrics,
  type Logger,
  type RetryPolicy,
} from '@logflush/core';
import type { KafkaClient, PartitionBatch, PartitionInfo } from './clients/client.js';
import { deliveryError, UnknownPartitionError } from './kafka-error.js';
import type { OutgoingMessage } from './message-builder.js';
import type { Partitioner } from './partitioner.js';

export interface BatchSenderOptions {
  readonly client: KafkaClient;
  readonly partitioner: Partitioner;
  /** MaxRetries and Backoff. */
  readonly retry: RetryPolicy;
  readonly logger: Logger;
  readonly metrics: FlusherMetrics;
  /**
   * Ends the waits between retries (the last error stands): with a disk buffer, stop aborts it,
   * since what is not sent stays in the buffer.
   */
  readonly signal?: AbortSignal;
}

/** The messages of `indexes`, by topic and partition, in order. */
function partitionBatches(
  batch: readonly OutgoingMessage[],
  indexes: readonly number[],
): { batch: PartitionBatch; indexes: number[] }[] {
  const byPartition = new Map<string, { batch: PartitionBatch; indexes: number[] }>();
  for (const index of indexes) {
    const message = batch[index]!;
    const key = `${message.partition!}:${message.topic}`;
    let entry = byPartition.get(key);
    if (entry === undefined) {
      entry = {
        batch: { topic: message.topic, partition: message.partition!, messages: [] },
        indexes: [],
      };
      byPartition.set(key, entry);
    }
    (entry.batch.messages as OutgoingMessage[]).push(message);
    entry.indexes.push(index);
  }
  return [...byPartition.values()];
}

/** A broker's answer to a record batch over its size limit (kafkajs and @platformatic/kafka word it so). */
const tooLarge = /MESSAGE_TOO_LARGE|message larger than the max message size/i;

/** Why a message was not delivered; `retryable`: its retries were used up on an error that may pass. */
export interface SendFailure {
  readonly reason: string;
  readonly retryable: boolean;
}

/**
 * Sends one batch — one record batch per topic partition, in one produce request per broker where
 * the client can — retrying transient failures (the kit's withRetries and backoff) up to
 * MaxRetries times. **Only the partitions that failed are sent again**: a partition the broker
 * acknowledged is done, so a retry never duplicates it. A partition that fails with an error
 * retrying cannot fix fails at once, the others go on. Resolves, per message of the batch, to why
 * it failed, or undefined once the broker acknowledged it. A batch the broker refuses as too large
 * (MESSAGE_TOO_LARGE) is sent again in halves, so that only the messages over the limit fail.
 */
export class BatchSender {
  constructor(private readonly options: BatchSenderOptions) {}

  async send(batch: readonly OutgoingMessage[]): Promise<(SendFailure | undefined)[]> {
    const { client, retry, logger, metrics, signal } = this.options;
    const outcomes: (SendFailure | undefined)[] = batch.map(() => undefined);
    let pending = batch.map((_, index) => index);
    const splitting: number[][] = [];
    try {
      await withRetries(
        async () => {
          await this.#assignPartitions(batch, pending);
          const groups = partitionBatches(batch, pending);
          const results = await client.produce(groups.map((group) => group.batch));
          const retrying: number[] = [];
          let retryError: DeliveryError | undefined;
          results.forEach((error, i) => {
            if (error === undefined) return;
            const { indexes } = groups[i]!;
            if (error instanceof UnknownPartitionError) {
              // The topic has fewer partitions now: these messages get one from fresh metadata.
              for (const index of indexes) batch[index]!.partition = undefined;
            }
            if (error.retryable) {
              retrying.push(...indexes);
              retryError ??= error;
            } else if (indexes.length > 1 && tooLarge.test(error.message)) {
              // The broker refuses a record batch over its limit as a whole: halves go again.
              splitting.push(indexes);
            } else {
              for (const index of indexes)
                outcomes[index] = { reason: `${error.message} (not retried)`, retryable: false };
            }
          });
          pending = retrying.sort((a, b) => a - b);
          if (retryError !== undefined) {
            // The error may come from stale metadata (a leader moved, a topic was re-created).
            client.refreshMetadata();
            throw retryError;
          }
        },
        retry,
        {
          signal,
          onRetry: (error, n, delayMs) => {
            metrics.add('retries', 1);
            logger.warn(
              'FLUSHER_FLUSH_ALARM',
              `flusher_kafka: sending ${pending.length} messages failed: ${(error as Error).message}; retry ${n} of ${retry.maxRetries} in ${Math.round(delayMs)} ms`,
            );
          },
        },
      );
    } catch (error) {
      const failure: SendFailure = {
        reason: `${(error as Error).message} (${retryOutcome(error, retry)})`,
        retryable: isRetryable(error),
      };
      for (const index of pending) outcomes[index] ??= failure;
    }
    for (const indexes of splitting) {
      const half = Math.ceil(indexes.length / 2);
      for (const part of [indexes.slice(0, half), indexes.slice(half)]) {
        const results = await this.send(part.map((index) => batch[index]!));
        part.forEach((index, i) => (outcomes[index] = results[i]));
      }
    }
    return outcomes;
  }

  /**
   * Gives each message of `indexes` that has none its partition, from its topic's partitions
   * (client metadata); a message keeps it through every retry.
   */
  async #assignPartitions(batch: readonly OutgoingMessage[], indexes: readonly number[]) {
    const { client, partitioner } = this.options;
    let topic: string | undefined;
    let partitions: readonly PartitionInfo[] = [];
    for (const index of indexes) {
      const message = batch[index]!;
      if (message.partition !== undefined) continue;
      if (message.topic !== topic) {
        topic = message.topic;
        try {
          partitions = await client.partitions(topic);
        } catch (error) {
          if (error instanceof DeliveryError) throw error;
          throw deliveryError(client.describe(error), error);
        }
      }
      message.partition = partitioner(message, partitions);
    }
  }
}
