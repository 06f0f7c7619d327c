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
