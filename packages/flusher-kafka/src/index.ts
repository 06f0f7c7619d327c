import { defineFlusher } from '@logflush/core';
import { configSchema } from './config.js';
import { flusherKafkaType, KafkaFlusher } from './kafka-flusher.js';

export const plugin = defineFlusher({
  type: flusherKafkaType,
  description:
    'Sends each log as a Kafka message (kafkajs), with iLogtail flusher_kafka_v2 options.',
  configSchema,
  createFlusher: (config) => new KafkaFlusher(config),
});

export { KafkaFlusher } from './kafka-flusher.js';
export { configSchema, type FlusherKafkaConfig, type FlusherKafkaOptions } from './config.js';
