import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseConfig } from '../../src/config/index.js';
import { substituteEnv } from '../../src/config/env.js';
import { errorLines } from './config-errors.js';
import { kafkaLikeSchema } from './sample-schema.js';

const env = {
  KAFKA_HOST: 'kafka.internal',
  PORT: '9092',
  EMPTY: '',
  RETRIES: '5',
  GZIP: 'gzip',
  YES: 'true',
};

describe('substituteEnv', () => {
  const value = (text: string) => substituteEnv(text, env).value;

  it('replaces ${VAR} anywhere in a string, as often as it occurs', () => {
    expect(value('${KAFKA_HOST}:${PORT}')).toBe('kafka.internal:9092');
    expect(value('a-${PORT}-b-${PORT}')).toBe('a-9092-b-9092');
  });

  it('uses the default after the first colon when the variable is unset or empty', () => {
    expect(value('${NOT_SET:localhost}')).toBe('localhost');
    expect(value('${EMPTY:fallback}')).toBe('fallback');
    expect(value('${NOT_SET:http://h:1}')).toBe('http://h:1');
    expect(value('${NOT_SET:}')).toBe('');
    expect(value('${PORT:1}')).toBe('9092');
  });

  it('keeps an empty variable without default as empty', () => {
    expect(substituteEnv('[${EMPTY}]', env)).toEqual({
      value: '[]',
      substituted: true,
      errors: [],
    });
  });

  it('reads $$ as one literal $ and keeps a lone $ as it is', () => {
    expect(substituteEnv('$${PORT} costs $5 $$$$', env)).toEqual({
      value: '${PORT} costs $5 $$',
      substituted: false,
      errors: [],
    });
    expect(value('$$${PORT}')).toBe('$9092');
    expect(value('end$')).toBe('end$');
  });

  it('reports an unset variable, an unterminated reference and a bad name', () => {
    expect(substituteEnv('${NOT_SET}', env).errors).toEqual([
      'environment variable NOT_SET is not set and "${NOT_SET}" has no default',
    ]);
    expect(substituteEnv('a${PORT', env).errors).toEqual([
      'unterminated "${" (write "$$" for a literal "$")',
    ]);
    expect(substituteEnv('${9LIVES}', env).errors).toEqual([
      '"${9LIVES}" does not name an environment variable',
    ]);
    expect(substituteEnv('${}', env).errors).toEqual([
      '"${}" does not name an environment variable',
    ]);
  });

  it('does not read inherited properties as variables', () => {
    expect(substituteEnv('${constructor:none}', {}).value).toBe('none');
  });
});

describe('parseConfig environment substitution', () => {
  const parse = (detail: Record<string, unknown>) =>
    parseConfig(
      kafkaLikeSchema,
      { Brokers: ['b:1'], Topic: 't', ...detail },
      'flushers[0].detail',
      { env },
    );

  it('substitutes in top-level, nested, array and record values before validation', () => {
    const config = parse({
      Brokers: ['${KAFKA_HOST}:${PORT}', '${OTHER_HOST:backup}:9093'],
      Topic: 'logs-$${literal}',
      Compression: '${GZIP}',
      Headers: { 'X-Port': '${PORT}' },
      Authentication: { SASL: { Username: '${KAFKA_USER:admin}' } },
      Convert: { TagFieldsRename: { 'host.name': 'h_${PORT}' } },
    });
    expect(config.Brokers).toEqual(['kafka.internal:9092', 'backup:9093']);
    expect(config.Topic).toBe('logs-${literal}');
    expect(config.Compression).toBe('gzip');
    expect(config.Headers).toEqual({ 'X-Port': '9092' });
    expect(config.Authentication.SASL.Username).toBe('admin');
    expect(config.Convert.TagFieldsRename).toEqual({ 'host.name': 'h_9092' });
  });

  it('turns a substituted value into a number or boolean where only that is accepted', () => {
    const schema = z.object({ Port: z.number().int(), Enabled: z.boolean(), Name: z.string() });
    const config = parseConfig(
      schema,
      { Port: '${PORT}', Enabled: '${YES}', Name: '${PORT}' },
      'detail',
      { env },
    );
    expect(config).toEqual({ Port: 9092, Enabled: true, Name: '9092' });
  });

  it('leaves a string that was not substituted alone, so a quoted number is still an error', () => {
    expect(errorLines(() => parse({ MaxRetries: '5' }))).toEqual([
      'flushers[0].detail.MaxRetries: expected an integer ≥ 1, given "5"',
    ]);
    expect(parse({ MaxRetries: '${RETRIES}' }).MaxRetries).toBe(5);
  });

  it('names the variable and the option path of every unset variable, and nothing else there', () => {
    expect(
      errorLines(() =>
        parse({
          Brokers: ['${KAFKA_HOST}', '${BROKER_2}'],
          MaxRetries: '${MAX_RETRIES}',
          Headers: { 'X-Team': '${TEAM}' },
          Authentication: { SASL: { Password: '${KAFKA_PASSWORD}' } },
        }),
      ),
    ).toEqual([
      'flushers[0].detail.Brokers[1]: environment variable BROKER_2 is not set and "${BROKER_2}" has no default',
      'flushers[0].detail.MaxRetries: environment variable MAX_RETRIES is not set and "${MAX_RETRIES}" has no default',
      'flushers[0].detail.Headers["X-Team"]: environment variable TEAM is not set and "${TEAM}" has no default',
      'flushers[0].detail.Authentication.SASL.Password: environment variable KAFKA_PASSWORD is not set and "${KAFKA_PASSWORD}" has no default',
    ]);
  });

  it('reads process.env when no environment is passed', () => {
    const name = 'LOGFLUSH_CONFIG_TEST_TOPIC';
    process.env[name] = 'from-process-env';
    try {
      const config = parseConfig(kafkaLikeSchema, { Brokers: ['b:1'], Topic: `\${${name}}` });
      expect(config.Topic).toBe('from-process-env');
    } finally {
      delete process.env[name];
    }
  });
});
