import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configJsonSchema } from '../../src/config/index.js';
import { kafkaLikeSchema } from './sample-schema.js';

type JsonObject = Record<string, unknown>;
const jsonSchema = configJsonSchema(kafkaLikeSchema);
const properties = jsonSchema.properties as Record<string, JsonObject>;

describe('configJsonSchema', () => {
  it('describes the top level: draft 2020-12, required options, no other keys', () => {
    expect(jsonSchema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(jsonSchema.type).toBe('object');
    expect(jsonSchema.required).toEqual(['Brokers', 'Topic']);
    expect(jsonSchema.additionalProperties).toBe(false);
    expect(Object.keys(properties)).toEqual([
      'Brokers',
      'Topic',
      'Compression',
      'MaxRetries',
      'HashOnce',
      'Timeout',
      'Headers',
      'Authentication',
      'Convert',
    ]);
  });

  it('gives each option its description, type and default', () => {
    expect(properties.Brokers).toEqual({
      type: 'array',
      items: { type: 'string' },
      minItems: 1,
      description: 'Kafka bootstrap servers, host:port.',
    });
    expect(properties.Compression).toEqual({
      type: 'string',
      enum: ['none', 'gzip', 'snappy', 'lz4', 'zstd'],
      default: 'none',
      description: 'Message compression.',
    });
    expect(properties.MaxRetries).toEqual({
      type: 'integer',
      minimum: 1,
      maximum: 9007199254740991,
      default: 3,
      description: 'Attempts per message.',
    });
    expect(properties.Headers).toEqual({
      type: 'object',
      propertyNames: { type: 'string' },
      additionalProperties: { type: 'string' },
      default: {},
      description: 'Headers added to every message.',
    });
  });

  it('documents a duration as nanoseconds or a duration string, with its default as written', () => {
    expect(properties.Timeout).toEqual({
      anyOf: [
        { type: 'integer', minimum: 0, maximum: 9007199254740991, description: 'nanoseconds' },
        {
          type: 'string',
          pattern: '^\\+?(?:0|(?:(?:\\d+\\.?\\d*|\\.\\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$',
          description:
            'a duration such as "500ms", "30s", "1m30s" or "2h" (units: ns, us, ms, s, m, h)',
        },
      ],
      default: '30s',
      description: 'How long a request may take.',
    });
  });

  it('closes nested objects and marks secrets write-only', () => {
    const sasl = (properties.Authentication!.properties as Record<string, JsonObject>).SASL!;
    expect(properties.Authentication!.additionalProperties).toBe(false);
    expect(sasl.additionalProperties).toBe(false);
    expect(sasl.default).toEqual({});
    expect((sasl.properties as Record<string, JsonObject>).Password).toEqual({
      type: 'string',
      default: '',
      description: 'SASL password.',
      writeOnly: true,
    });
    expect(JSON.stringify(jsonSchema)).not.toContain('"secret"');
  });

  it('leaves a loose object open', () => {
    const loose = configJsonSchema(z.object({ Extra: z.looseObject({ A: z.string() }) }));
    const extra = (loose.properties as Record<string, JsonObject>).Extra!;
    expect(extra.additionalProperties).toEqual({});
  });
});
