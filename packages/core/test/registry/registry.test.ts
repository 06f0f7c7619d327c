import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/index.js';
import { defineFlusher, type Flusher, type FlusherClass } from '../../src/flusher.js';
import { parseFlusherName } from '../../src/flusher-type.js';
import { FlusherRegistry, UnknownFlusherError } from '../../src/registry.js';
import { z } from 'zod';

function noopFlusher(): Flusher {
  return {
    init: async () => {},
    description: () => 'noop',
    isReady: () => true,
    flush: async () => {},
    setUrgent: () => {},
    stop: async () => {},
  };
}

function plugin(type: string) {
  return defineFlusher({
    type,
    description: `${type} test plugin`,
    configSchema: z.object({ Brokers: z.array(z.string()).default(['127.0.0.1:9092']) }),
    createFlusher: noopFlusher,
  });
}

describe('defineFlusher', () => {
  it('refuses a type that does not match ^flusher_[a-z0-9_]+$', () => {
    for (const type of [
      'stdout',
      'flusher_',
      'flusher_Kafka',
      'flusher-kafka',
      'flusher_kafka/x',
      'Flusher_kafka',
    ]) {
      expect(() => plugin(type)).toThrow(`invalid flusher type ${JSON.stringify(type)}`);
    }
  });

  it('decodes detail with the schema before creating the flusher', () => {
    let seen: unknown;
    const p = defineFlusher({
      type: 'flusher_seen',
      description: 'records its config',
      configSchema: z.object({ Topic: z.string().default('logs') }),
      createFlusher: (config) => {
        seen = config;
        return noopFlusher();
      },
    });
    p.create({ topic: 'orders' });
    expect(seen).toEqual({ Topic: 'orders' });
    expect(() => p.create({ Topc: 'x' }, 'flushers[3].detail')).toThrow(ConfigError);
    expect(() => p.create({ Topc: 'x' }, 'flushers[3].detail')).toThrow(
      /^flushers\[3\]\.detail\.Topc: unknown option\. Did you mean "Topic"\?/,
    );
  });

  it('builds the same plugin from a flusher class with static type and description', () => {
    const configSchema = z.object({ Topic: z.string().default('logs') });
    const seen: unknown[] = [];
    class TopicFlusher {
      static readonly type = 'flusher_topic';
      static readonly description = 'Sends to a topic.';
      constructor(config: z.output<typeof configSchema>) {
        seen.push(config);
        return Object.assign(this, noopFlusher());
      }
    }
    const p = defineFlusher(
      TopicFlusher as unknown as FlusherClass<typeof configSchema>,
      configSchema,
    );
    expect([p.type, p.description, p.configSchema]).toEqual([
      'flusher_topic',
      'Sends to a topic.',
      configSchema,
    ]);
    p.create({ TOPIC: 'orders' });
    expect(seen).toEqual([{ Topic: 'orders' }]);
    class BadType {
      static readonly type = 'kafka';
      static readonly description = 'no prefix';
    }
    expect(() =>
      defineFlusher(BadType as unknown as FlusherClass<typeof configSchema>, configSchema),
    ).toThrow('invalid flusher type "kafka"');
  });

  it('exports the JSON Schema of its options', () => {
    expect(plugin('flusher_json').jsonSchema()).toMatchObject({
      type: 'object',
      properties: { Brokers: { type: 'array', default: ['127.0.0.1:9092'] } },
      additionalProperties: false,
    });
  });
});

describe('FlusherRegistry', () => {
  it('registers, gets and lists plugins sorted by type', () => {
    const registry = new FlusherRegistry();
    registry.register(plugin('flusher_stdout'));
    registry.register(plugin('flusher_kafka'));
    expect(registry.get('flusher_kafka').type).toBe('flusher_kafka');
    expect(registry.list().map((p) => p.type)).toEqual(['flusher_kafka', 'flusher_stdout']);
    expect(registry.has('flusher_stdout')).toBe(true);
    expect(registry.has('flusher_file')).toBe(false);
  });

  it('refuses a duplicate type', () => {
    const registry = new FlusherRegistry();
    registry.register(plugin('flusher_kafka'));
    expect(() => registry.register(plugin('flusher_kafka'))).toThrow(
      'flusher type "flusher_kafka" is already registered',
    );
  });

  it('refuses a descriptor with a bad type even when built by hand', () => {
    const registry = new FlusherRegistry();
    const bad = { ...plugin('flusher_ok'), type: 'kafka' };
    expect(() => registry.register(bad)).toThrow('invalid flusher type "kafka"');
  });

  it('names the known types and the nearest one for an unknown type', () => {
    const registry = new FlusherRegistry();
    registry.register(plugin('flusher_stdout'));
    registry.register(plugin('flusher_kafka'));
    let error: unknown;
    try {
      registry.get('flusher_kafak');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UnknownFlusherError);
    expect((error as Error).message).toBe(
      'unknown flusher type "flusher_kafak". Did you mean "flusher_kafka"? Known types: flusher_kafka, flusher_stdout.',
    );
    expect(() => registry.get('flusher_zzzzzzzzzzzz')).toThrow(
      'unknown flusher type "flusher_zzzzzzzzzzzz". Known types: flusher_kafka, flusher_stdout.',
    );
  });

  it("resolves iLogtail's type/id form to the type and creates a further instance", () => {
    const registry = new FlusherRegistry();
    registry.register(plugin('flusher_kafka'));
    expect(registry.get('flusher_kafka/out1').type).toBe('flusher_kafka');
    const first = registry.create({ type: 'flusher_kafka' });
    const second = registry.create({ type: 'flusher_kafka/out1', detail: { Brokers: ['b:9092'] } });
    expect(first).not.toBe(second);
    expect(parseFlusherName('flusher_kafka/out1')).toEqual({ type: 'flusher_kafka', id: 'out1' });
    expect(parseFlusherName('flusher_kafka')).toEqual({ type: 'flusher_kafka', id: undefined });
    expect(() => parseFlusherName('flusher_kafka/a b')).toThrow(
      'invalid flusher instance id in "flusher_kafka/a b"',
    );
  });

  it('passes the option path to config errors', () => {
    const registry = new FlusherRegistry();
    registry.register(plugin('flusher_kafka'));
    expect(() =>
      registry.create({ type: 'flusher_kafka', detail: { Brokers: 'x' } }, 'flushers[1].detail'),
    ).toThrow(/^flushers\[1\]\.detail\.Brokers: expected/);
  });
});
