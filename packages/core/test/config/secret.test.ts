import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  isSecret,
  parseConfig,
  redact,
  redactConfig,
  secret,
  secretValues,
} from '../../src/config/index.js';
import { configErrorOf } from './config-errors.js';
import { kafkaLikeSchema } from './sample-schema.js';

const password = 'hunter2-S3cret';
const minimal = { Brokers: ['b:1'], Topic: 't' };

describe('secret()', () => {
  it('is a string option marked secret, through wrappers and clones', () => {
    expect(parseConfig(z.object({ Key: secret() }), { Key: 'k' })).toEqual({ Key: 'k' });
    expect(isSecret(secret())).toBe(true);
    expect(isSecret(secret().default('').describe('doc'))).toBe(true);
    expect(isSecret(secret().min(8).optional())).toBe(true);
    expect(isSecret(z.string().meta({ secret: true }))).toBe(true);
    expect(isSecret(z.string())).toBe(false);
  });

  it('never shows its value in a ConfigError', () => {
    const error = configErrorOf(() =>
      parseConfig(
        kafkaLikeSchema,
        { ...minimal, MaxRetries: 0, Authentication: { SASL: { Password: [password] } } },
        'flushers[0].detail',
      ),
    );
    expect(error.message).toBe(
      [
        'flushers[0].detail.MaxRetries: expected an integer ≥ 1, given 0',
        'flushers[0].detail.Authentication.SASL.Password: expected a string, given <redacted>',
      ].join('\n'),
    );
    expect(error.issues[1]).toEqual({
      path: 'flushers[0].detail.Authentication.SASL.Password',
      message: 'expected a string, given <redacted>',
      expected: 'a string',
      given: '<redacted>',
    });
    expect(error.cause).toBeUndefined();
    expect(JSON.stringify(error.issues)).not.toContain(password);
  });

  it('hides a value given where an object holding a secret was expected', () => {
    const secretOption = z.object({ Password: secret() });
    const error = configErrorOf(() =>
      parseConfig(z.object({ SASL: secretOption }), { SASL: password }),
    );
    expect(error.message).toBe('detail.SASL: expected an object, given <redacted>');
  });

  it('redacts secrets inside a nested value that is shown', () => {
    const schema = z.object({
      Auth: z.array(z.object({ User: z.string(), Password: secret() })).max(1),
    });
    const error = configErrorOf(() =>
      parseConfig(schema, {
        auth: [
          { User: 'a', Password: password },
          { User: 'b', Password: password },
        ],
      }),
    );
    expect(error.message).toBe(
      'detail.Auth: expected an array of objects with at most 1 items, given [{"User":"a","Password":"<redacted>"},{"User":"b","Password…',
    );
  });

  it('does not show a secret that came from the environment', () => {
    const error = configErrorOf(() =>
      parseConfig(z.object({ Password: secret().min(20) }), { Password: '${PW}' }, 'detail', {
        env: { PW: password },
      }),
    );
    expect(error.message).toBe(
      'detail.Password: expected a string of at least 20 characters, given <redacted>',
    );
  });
});

describe('redactConfig', () => {
  it('replaces secrets at any depth in a parsed config, leaving the rest and the input untouched', () => {
    const config = parseConfig(kafkaLikeSchema, {
      ...minimal,
      Authentication: { SASL: { Username: 'u', Password: password } },
    });
    const printed = redactConfig(kafkaLikeSchema, config);
    expect(printed.Authentication.SASL).toEqual({
      Mechanism: 'PLAIN',
      Username: 'u',
      Password: '<redacted>',
    });
    expect(printed.Brokers).toEqual(['b:1']);
    expect(config.Authentication.SASL.Password).toBe(password);
    expect(JSON.stringify(printed)).not.toContain(password);
  });

  it('redacts a raw detail whose names differ in case', () => {
    const raw = { brokers: ['b:1'], authentication: { sasl: { password } } };
    expect(redactConfig(kafkaLikeSchema, raw)).toEqual({
      brokers: ['b:1'],
      authentication: { sasl: { password: '<redacted>' } },
    });
  });

  it('redacts secrets inside arrays and records', () => {
    const schema = z.object({
      Users: z.array(z.object({ Name: z.string(), Token: secret() })),
      Keys: z.record(z.string(), secret()),
    });
    expect(
      redactConfig(schema, { Users: [{ Name: 'a', Token: 't1' }], Keys: { a: 'k1', b: 'k2' } }),
    ).toEqual({
      Users: [{ Name: 'a', Token: '<redacted>' }],
      Keys: { a: '<redacted>', b: '<redacted>' },
    });
  });

  it('leaves an empty secret empty, since it hides nothing', () => {
    expect(redactConfig(z.object({ Password: secret() }), { Password: '' })).toEqual({
      Password: '',
    });
  });

  it('lists the secret values, for redact()', () => {
    const config = parseConfig(kafkaLikeSchema, {
      ...minimal,
      Authentication: { SASL: { Password: password } },
    });
    expect(secretValues(kafkaLikeSchema, config)).toEqual([password]);
  });
});

describe('redact', () => {
  it('scrubs every occurrence of each secret from a message', () => {
    expect(
      redact(`SASL failed for user admin with password ${password} (${password})`, [password]),
    ).toBe('SASL failed for user admin with password <redacted> (<redacted>)');
  });

  it('matches longer secrets first and treats secrets as plain text', () => {
    expect(redact('key=ab.cd+ef', ['ab', 'ab.cd+ef'])).toBe('key=<redacted>');
    expect(redact('a.c abc', ['a.c'])).toBe('<redacted> abc');
  });

  it('does not redact inside its own marker and ignores empty secrets', () => {
    expect(redact('password d', ['d', ''])).toBe('passwor<redacted> <redacted>');
    expect(redact('nothing here', [''])).toBe('nothing here');
  });
});
