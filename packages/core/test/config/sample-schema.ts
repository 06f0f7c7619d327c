import { z } from 'zod';
import { duration, secret } from '../../src/config/index.js';

/** A config schema shaped like flusher_kafka's, with one option of each kind. */
export const kafkaLikeSchema = z.object({
  Brokers: z.array(z.string()).min(1).describe('Kafka bootstrap servers, host:port.'),
  Topic: z.string().describe('Topic to write to.'),
  Compression: z
    .enum(['none', 'gzip', 'snappy', 'lz4', 'zstd'])
    .default('none')
    .describe('Message compression.'),
  MaxRetries: z.number().int().min(1).default(3).describe('Attempts per message.'),
  HashOnce: z.boolean().default(false).describe('Hash the partition key once per group.'),
  Timeout: duration().prefault('30s').describe('How long a request may take.'),
  Headers: z.record(z.string(), z.string()).default({}).describe('Headers added to every message.'),
  Authentication: z
    .object({
      SASL: z
        .object({
          Mechanism: z
            .enum(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'])
            .default('PLAIN')
            .describe('SASL mechanism.'),
          Username: z.string().default('').describe('SASL user.'),
          Password: secret().default('').describe('SASL password.'),
        })
        .prefault({})
        .describe('SASL authentication.'),
    })
    .prefault({})
    .describe('How to authenticate to the brokers.'),
  Convert: z
    .object({
      Protocol: z
        .enum(['custom_single', 'custom_single_flatten'])
        .default('custom_single')
        .describe('Output protocol.'),
      TagFieldsRename: z.record(z.string(), z.string()).default({}).describe('Renames of tags.'),
    })
    .prefault({})
    .describe('How logs become messages.'),
});
