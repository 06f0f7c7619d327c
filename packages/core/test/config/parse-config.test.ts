import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, parseConfig } from '../../src/config/index.js';
import { configErrorOf, errorLines } from './config-errors.js';
import { kafkaLikeSchema } from './sample-schema.js';

const env = {};
const parse = (detail: unknown, path = 'flushers[0].detail') =>
  parseConfig(kafkaLikeSchema, detail, path, { env });
const minimal = { Brokers: ['localhost:9092'], Topic: 'logs' };

describe('parseConfig defaults', () => {
  it('fills every missing option with its default, nested objects included', () => {
    expect(parse(minimal)).toEqual({
      Brokers: ['localhost:9092'],
      Topic: 'logs',
      Compression: 'none',
      MaxRetries: 3,
      HashOnce: false,
      Timeout: 30_000,
      Headers: {},
      Authentication: { SASL: { Mechanism: 'PLAIN', Username: '', Password: '' } },
      Convert: { Protocol: 'custom_single', TagFieldsRename: {} },
    });
  });

  it('treats an undefined or null detail as no options at all', () => {
    const allDefaults = z.object({
      OnlyStdout: z.boolean().default(false),
      MaxSize: z.number().default(1048576),
    });
    const expected = { OnlyStdout: false, MaxSize: 1048576 };
    expect(parseConfig(allDefaults, undefined)).toEqual(expected);
    expect(parseConfig(allDefaults, null)).toEqual(expected);
  });

  it('keeps given values over defaults', () => {
    const config = parse({ ...minimal, Compression: 'zstd', MaxRetries: 7, HashOnce: true });
    expect([config.Compression, config.MaxRetries, config.HashOnce]).toEqual(['zstd', 7, true]);
  });
});

describe('parseConfig option names', () => {
  it('matches names ignoring case at the top level', () => {
    const config = parse({ brokers: ['b:1'], TOPIC: 'logs', compression: 'gzip' });
    expect([config.Brokers, config.Topic, config.Compression]).toEqual([['b:1'], 'logs', 'gzip']);
  });

  it('matches names ignoring case inside nested objects', () => {
    const config = parse({
      ...minimal,
      authentication: { sasl: { mechanism: 'SCRAM-SHA-512', USERNAME: 'u', password: 'p' } },
      convert: { protocol: 'custom_single_flatten' },
    });
    expect(config.Authentication.SASL).toEqual({
      Mechanism: 'SCRAM-SHA-512',
      Username: 'u',
      Password: 'p',
    });
    expect(config.Convert.Protocol).toBe('custom_single_flatten');
  });

  it('keeps the keys of a record as they are given', () => {
    const config = parse({
      ...minimal,
      headers: { 'x-Trace': 'a', topic: 'b' },
      Convert: { tagFieldsRename: { 'host.name': 'h' } },
    });
    expect(config.Headers).toEqual({ 'x-Trace': 'a', topic: 'b' });
    expect(config.Convert.TagFieldsRename).toEqual({ 'host.name': 'h' });
  });

  it('rejects a name given twice in different cases, naming both spellings', () => {
    expect(errorLines(() => parse({ ...minimal, topic: 'other' }))).toEqual([
      'flushers[0].detail.Topic: given twice, as "Topic" and "topic" (option names ignore case); keep one',
    ]);
    expect(
      errorLines(() =>
        parse({ ...minimal, Authentication: { SASL: { Username: 'a', USERNAME: 'b' } } }),
      ),
    ).toEqual([
      'flushers[0].detail.Authentication.SASL.Username: given twice, as "Username" and "USERNAME" (option names ignore case); keep one',
    ]);
  });

  it('rejects an unknown option with its full path, the nearest option and the known ones', () => {
    expect(errorLines(() => parse({ ...minimal, Brokerz: ['x'] }))).toEqual([
      'flushers[0].detail.Brokerz: unknown option. Did you mean "Brokers"? Known options: Brokers, Topic, Compression, MaxRetries, HashOnce, Timeout, Headers, Authentication, Convert',
    ]);
  });

  it('rejects an unknown nested option and suggests from that level only', () => {
    expect(
      errorLines(() => parse({ ...minimal, Authentication: { SASL: { Pasword: 'x' } } })),
    ).toEqual([
      'flushers[0].detail.Authentication.SASL.Pasword: unknown option. Did you mean "Password"? Known options: Mechanism, Username, Password',
    ]);
  });

  it('suggests nothing when no option is close', () => {
    expect(errorLines(() => parse({ ...minimal, Frobnicate: 1 }))).toEqual([
      'flushers[0].detail.Frobnicate: unknown option. Known options: Brokers, Topic, Compression, MaxRetries, HashOnce, Timeout, Headers, Authentication, Convert',
    ]);
  });

  it('lets a loose object keep keys that are no option', () => {
    const loose = z.looseObject({ Name: z.string().default('n') });
    expect(parseConfig(loose, { name: 'a', Extra: 1 })).toEqual({ Name: 'a', Extra: 1 });
  });
});

describe('parseConfig wrong values', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    [
      'boolean',
      { HashOnce: 'yes' },
      'flushers[0].detail.HashOnce: expected a boolean, given "yes"',
    ],
    [
      'integer bound',
      { MaxRetries: 0 },
      'flushers[0].detail.MaxRetries: expected an integer ≥ 1, given 0',
    ],
    [
      'integer fraction',
      { MaxRetries: 2.5 },
      'flushers[0].detail.MaxRetries: expected an integer ≥ 1, given 2.5',
    ],
    [
      'enum',
      { Compression: 'brotli' },
      'flushers[0].detail.Compression: expected one of "none", "gzip", "snappy", "lz4", "zstd", given "brotli"',
    ],
    ['string', { Topic: 42 }, 'flushers[0].detail.Topic: expected a string, given 42'],
    [
      'array',
      { Brokers: 'localhost:9092' },
      'flushers[0].detail.Brokers: expected a non-empty array of strings, given "localhost:9092"',
    ],
    [
      'empty array',
      { Brokers: [] },
      'flushers[0].detail.Brokers: expected a non-empty array of strings, given []',
    ],
    [
      'array item',
      { Brokers: ['a:1', 9092] },
      'flushers[0].detail.Brokers[1]: expected a string, given 9092',
    ],
    [
      'record',
      { Headers: ['a'] },
      'flushers[0].detail.Headers: expected an object mapping names to strings, given ["a"]',
    ],
    [
      'record value',
      { Headers: { 'X-Id': 7 } },
      'flushers[0].detail.Headers["X-Id"]: expected a string, given 7',
    ],
    [
      'nested object',
      { Convert: 'custom_single' },
      'flushers[0].detail.Convert: expected an object, given "custom_single"',
    ],
    [
      'nested enum',
      { Convert: { Protocol: 'otlp' } },
      'flushers[0].detail.Convert.Protocol: expected one of "custom_single", "custom_single_flatten", given "otlp"',
    ],
  ];
  it.each(cases)(
    'names the option, what it takes and what was given: %s',
    (_kind, options, line) => {
      expect(errorLines(() => parse({ ...minimal, ...options }))).toEqual([line]);
    },
  );

  it('reports a missing required option with what it takes', () => {
    expect(errorLines(() => parse({ Brokers: ['a:1'] }))).toEqual([
      'flushers[0].detail.Topic: required option missing (expected a string)',
    ]);
  });

  it('shortens a long given value', () => {
    expect(errorLines(() => parse({ ...minimal, Topic: ['a'.repeat(100)] }))).toEqual([
      `flushers[0].detail.Topic: expected a string, given ["${'a'.repeat(57)}…`,
    ]);
  });

  it('reports every problem at once, with structured issues', () => {
    const error = configErrorOf(() =>
      parse({ Brokerz: ['a'], Compression: 'brotli', HashOnce: 1, Convert: { Protocol: 5 } }),
    );
    expect(error.message).toBe(
      [
        'flushers[0].detail.Brokerz: unknown option. Did you mean "Brokers"? Known options: Brokers, Topic, Compression, MaxRetries, HashOnce, Timeout, Headers, Authentication, Convert',
        'flushers[0].detail.Brokers: required option missing (expected a non-empty array of strings)',
        'flushers[0].detail.Topic: required option missing (expected a string)',
        'flushers[0].detail.Compression: expected one of "none", "gzip", "snappy", "lz4", "zstd", given "brotli"',
        'flushers[0].detail.HashOnce: expected a boolean, given 1',
        'flushers[0].detail.Convert.Protocol: expected one of "custom_single", "custom_single_flatten", given 5',
      ].join('\n'),
    );
    expect(error.name).toBe('ConfigError');
    expect(error.issues[3]).toEqual({
      path: 'flushers[0].detail.Compression',
      message: 'expected one of "none", "gzip", "snappy", "lz4", "zstd", given "brotli"',
      expected: 'one of "none", "gzip", "snappy", "lz4", "zstd"',
      given: '"brotli"',
    });
  });

  it('rejects a detail that is not an object', () => {
    for (const [detail, given] of [
      [[1, 2], '[1,2]'],
      ['x', '"x"'],
      [5, '5'],
    ] as const) {
      const error = configErrorOf(() => parse(detail));
      expect(error.issues).toEqual([
        {
          path: 'flushers[0].detail',
          message: `expected an object of options, given ${given}`,
          expected: 'an object of options',
          given,
        },
      ]);
    }
  });

  it('names `detail` when no path is given', () => {
    expect(
      errorLines(() => parseConfig(kafkaLikeSchema, { Topic: 't' }, undefined, { env })),
    ).toEqual(['detail.Brokers: required option missing (expected a non-empty array of strings)']);
  });

  it('passes the message of a custom refinement through', () => {
    const schema = z
      .object({ OnlyStdout: z.boolean().default(false), FileName: z.string().default('') })
      .refine((c) => !(c.OnlyStdout && c.FileName), 'OnlyStdout and FileName cannot both be set');
    expect(errorLines(() => parseConfig(schema, { OnlyStdout: true, FileName: 'x' }))).toEqual([
      'detail: OnlyStdout and FileName cannot both be set',
    ]);
  });

  it('throws ConfigError, an Error', () => {
    expect(configErrorOf(() => parse({}))).toBeInstanceOf(Error);
    expect(ConfigError.name).toBe('ConfigError');
  });
});

describe('expected values in words', () => {
  const line = (schema: z.ZodType, value: unknown) =>
    errorLines(() => parseConfig(z.object({ Option: schema }), { Option: value }))[0];

  it('describes numbers with their bounds', () => {
    expect(line(z.number(), 'x')).toBe('detail.Option: expected a number, given "x"');
    expect(line(z.number().positive().max(10), 11)).toBe(
      'detail.Option: expected a number > 0 and ≤ 10, given 11',
    );
    expect(line(z.int().nonnegative(), -1)).toBe(
      'detail.Option: expected an integer ≥ 0, given -1',
    );
  });

  it('describes strings with their constraints', () => {
    expect(line(z.string().min(1), '')).toBe(
      'detail.Option: expected a non-empty string, given ""',
    );
    expect(line(z.string().max(3), 'abcd')).toBe(
      'detail.Option: expected a string of at most 3 characters, given "abcd"',
    );
    expect(line(z.string().regex(/^[a-z]+$/), 'A')).toBe(
      'detail.Option: expected a string matching /^[a-z]+$/, given "A"',
    );
    expect(line(z.url(), 'nope')).toBe('detail.Option: expected a URL, given "nope"');
  });

  it('describes literals, nullables, unions and arrays of described items', () => {
    expect(line(z.literal('on'), 'off')).toBe('detail.Option: expected "on", given "off"');
    expect(line(z.boolean().nullable(), 'x')).toBe(
      'detail.Option: expected a boolean or null, given "x"',
    );
    expect(line(z.union([z.string(), z.number()]), true)).toBe(
      'detail.Option: expected a string or a number, given true',
    );
    expect(line(z.array(z.enum(['a', 'b'])), 'a')).toBe(
      'detail.Option: expected an array whose items are each one of "a", "b", given "a"',
    );
    expect(line(z.record(z.string(), z.number().int()), 1)).toBe(
      'detail.Option: expected an object mapping names to integers, given 1',
    );
  });
});
