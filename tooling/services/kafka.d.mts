import type { KafkaInfo, RestartOptions, StartOptions } from './types.js';

export type { KafkaInfo, KafkaSaslUser, RestartOptions } from './types.js';
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
