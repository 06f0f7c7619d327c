import { defineFlusher } from '@logflush/core';
import { configSchema } from './config.js';
import { KafkaFlusher } from './kafka-flusher.js';

export const plugin = defineFlusher(KafkaFlusher, configSchema);

export { KafkaFlusher, flusherKafkaType } from './kafka-flusher.js';
export { configSchema, type FlusherKafkaConfig, type FlusherKafkaOptions } from './config.js';
