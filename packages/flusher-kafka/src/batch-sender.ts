import {
  DeliveryError,
  retryOutcome,
  withRetries,
  type FlusherMetrics,
  type Logger,
  type RetryPolicy,
} from '@logflush/core';
import type { KafkaClient, PartitionBatch, PartitionInfo } from './clients/client.js';
import type { OutgoingMessage } from './message-builder.js';
import type { Partitioner } from './partitioner.js';

export interface BatchSenderOptions {
  readonly client: KafkaClient;
  readonly partitioner: Partitioner;
  /** MaxRetries and Backoff. */
  readonly retry: RetryPolicy;
  readonly logger: Logger;
  readonly metrics: FlusherMetrics;
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

/**
 * Sends one batch — one record batch per topic partition, in one produce request per broker where
 * the client can — retrying transient failures (the kit's withRetries and backoff) up to
 * MaxRetries times. **Only the partitions that failed are sent again**: a partition the broker
 * acknowledged is done, so a retry never duplicates it. A partition that fails with an error
 * retrying cannot fix fails at once, the others go on. Resolves, per message of the batch, to why
 * it failed, or undefined once the broker acknowledged it.
 */
export class BatchSender {
  constructor(private readonly options: BatchSenderOptions) {}

  async send(batch: readonly OutgoingMessage[]): Promise<(string | undefined)[]> {
    const { client, retry, logger, metrics } = this.options;
    const outcomes: (string | undefined)[] = batch.map(() => undefined);
    let pending = batch.map((_, index) => index);
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
            if (error.retryable) {
              retrying.push(...indexes);
              retryError ??= error;
            } else {
              for (const index of indexes) outcomes[index] = `${error.message} (not retried)`;
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
      const reason = `${(error as Error).message} (${retryOutcome(error, retry)})`;
      for (const index of pending) outcomes[index] ??= reason;
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
          const { transient, reason } = client.describe(error);
          throw new DeliveryError(reason, { retryable: transient, cause: error });
        }
      }
      message.partition = partitioner(message, partitions);
    }
  }
}
