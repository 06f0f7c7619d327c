import type { KafkaInfo, StartOptions } from './types.js';

export type { KafkaInfo, KafkaSaslUser } from './types.js';
export function startKafka(options?: StartOptions): Promise<KafkaInfo>;
export function startKafkaDetailed(options?: StartOptions): Promise<{ info: KafkaInfo; started: boolean }>;
export function stopKafka(): Promise<boolean>;
export function releaseKafka(): Promise<boolean>;
export function kafkaInfo(): KafkaInfo | undefined;
export function kafkaEnv(info: KafkaInfo): Record<string, string>;
export function kafkaClasspath(): Promise<string>;
