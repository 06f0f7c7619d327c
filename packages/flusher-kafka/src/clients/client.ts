import type { DeliveryError, FlusherMetrics, Logger } from '@logflush/core';
import type { FlusherKafkaConfig } from '../config.js';
import type { OutgoingMessage } from '../message-builder.js';

/** A partition of a topic, as the cluster's metadata describes it. */
export interface PartitionInfo {
  readonly id: number;
  /** A leader serves it (the random and roundrobin partitioners prefer those). */
  readonly hasLeader: boolean;
}

/** Messages for one partition of one topic: one record batch in a produce request. */
export interface PartitionBatch {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly OutgoingMessage[];
}

/** How the broker answered for one PartitionBatch: undefined when it acknowledged it. */
export type PartitionOutcome = DeliveryError | undefined;

export interface ClientSettings {
  readonly config: FlusherKafkaConfig;
  readonly acks: -1 | 0 | 1;
  /** Connect, authentication and request timeout (Timeout), whole milliseconds. */
  readonly timeoutMs: number;
  /** How long the broker may wait for the acknowledgements (BrokerTimeout), whole milliseconds. */
  readonly brokerTimeoutMs: number;
  readonly secrets: readonly string[];
  readonly logger: Logger;
  readonly metrics: FlusherMetrics;
}

/**
 * What flusher_kafka needs from a Kafka client; one implementation per `Client` option. The
 * flusher itself partitions, batches, retries and counts, so that every option means the same
 * whichever client runs; a client only connects, reads partition metadata and sends record
 * batches, saying for each partition whether the broker took it.
 */
export interface KafkaClient {
  /** Connects and authenticates once; rejects with the client's error (see `describe`). */
  connectOnce(): Promise<void>;
  /** The partitions of `topic` (metadata cached; fetched, creating the topic, when not known). */
  partitions(topic: string): Promise<readonly PartitionInfo[]>;
  /** Forgets the cached metadata, after an error that may mean it is stale. */
  refreshMetadata(): void;
  /** Sends the batches in as few requests as the client can; one outcome per batch, in order. Never rejects. */
  produce(batches: readonly PartitionBatch[]): Promise<PartitionOutcome[]>;
  /** Classifies an error of this client: whether a retry may help, and the reason, secrets redacted. */
  describe(error: unknown): { readonly transient: boolean; readonly reason: string };
  close(): Promise<void>;
}
