import type { KafkaInfo, RestartOptions, ServiceStatus, StartOptions } from './types.js';

export type { KafkaInfo, KafkaSaslUser, RestartOptions, ServiceStatus } from './types.js';
export function startKafka(options?: StartOptions): Promise<KafkaInfo>;
export function startKafkaDetailed(
  options?: StartOptions,
): Promise<{ info: KafkaInfo; started: boolean }>;
export function stopKafka(): Promise<boolean>;
/** Stops the running broker cleanly and starts it again on the same data; resolves once it answers. */
export function restartKafka(options?: RestartOptions): Promise<KafkaInfo>;
export function releaseKafka(): Promise<boolean>;
export function kafkaInfo(): KafkaInfo | undefined;
export function kafkaEnv(info: KafkaInfo): Record<string, string>;
export function kafkaClasspath(): Promise<string>;
/** JVM options shared by the broker and the Kafka CLI classes. */
export function kafkaJvmArgs(logLevel?: string): string[];
/** JVM options for short-lived Kafka tools (format, console producer and consumer). */
export const TOOL_JVM: string[];
export function kafkaStatus(): ServiceStatus<KafkaInfo>;

/**
 * What the read-back helpers use of a kafkajs `Kafka` instance; pass `new kafkajs.Kafka({ brokers })`.
 * (Structural, so this package needs no kafkajs dependency.)
 */
export interface KafkaClientLike {
  admin(): unknown;
  consumer(config: { groupId: string; maxWaitTimeInMs?: number }): unknown;
}
/** Creates `topic` (default 3 partitions) and waits (≤ 10 s) until every partition's leader serves it. */
export function createTopic(
  kafka: KafkaClientLike,
  topic: string,
  options?: { partitions?: number },
): Promise<void>;
export interface ConsumedMessage {
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer;
  readonly headers: Record<string, Buffer | string | (Buffer | string)[] | undefined>;
  /** The record batch the message came in (its first offset). */
  readonly batch: string;
}
/**
 * Every message in `topic` now, read by a real consumer from the beginning of each partition up to
 * its high watermark, in partition then offset order; rejects after `timeoutMs` (default 60 s).
 */
export function readTopic(
  kafka: KafkaClientLike,
  topic: string,
  options?: { timeoutMs?: number },
): Promise<ConsumedMessage[]>;
