import { ConfigError, redactConfig } from '@logflush/core';
import { describe, expect, it } from 'vitest';
import { platformaticProblem, satisfiesEngines } from '../src/clients/availability.js';
import { plugin } from '../src/index.js';

const required = { Brokers: ['127.0.0.1:9092'], Topic: 'logs' };

/** The ConfigError message for `detail`, as a pipeline at flushers[0] would report it. */
function configError(detail: Record<string, unknown>): string {
  try {
    plugin.parseConfig({ ...required, ...detail }, 'flushers[0].detail');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the config was accepted');
}

describe('defaults', () => {
  it("are iLogtail flusher_kafka_v2's (durations in milliseconds)", () => {
    expect(plugin.parseConfig(required)).toEqual({
      Brokers: ['127.0.0.1:9092'],
      Topic: 'logs',
      Client: 'kafkajs',
      ClientID: 'LogtailPlugin',
      PartitionerType: 'random',
      HashKeys: [],
      HashFunction: 'murmur2',
      HashOnce: false,
      Compression: 'none',
      Idempotent: false,
      MaxMessageBytes: 1000000,
      BulkMaxSize: 2048,
      BulkFlushFrequency: 0,
      MaxOpenRequests: 5,
      MaxBufferedBytes: 67108864,
      Buffer: { Type: 'memory', Path: '', MaxBytes: 1073741824, WhenFull: 'block' },
      DeadLetter: { Path: '' },
      MaxRetries: 3,
      Backoff: { Init: 1000, Max: 60000 },
      Timeout: 30000,
      BrokerTimeout: 10000,
      Headers: [],
      Authentication: {},
      Convert: {
        Protocol: 'custom_single',
        Encoding: 'json',
        TagFieldsRename: {},
        ProtocolFieldsRename: {},
      },
    });
  });

  it('takes durations as iLogtail nanoseconds or Go duration strings, and option names in any case', () => {
    const config = plugin.parseConfig({
      brokers: ['kafka-1.example.com:9092', '[::1]:9093'],
      topic: 'logs',
      timeout: 5_000_000_000,
      bulkflushfrequency: '250ms',
      backoff: { init: '100ms', max: '2s' },
      headers: [{ key: 'k', value: 'v' }],
      version: '2.0.0',
    });
    expect(config.Brokers).toEqual(['kafka-1.example.com:9092', '[::1]:9093']);
    expect(config.Timeout).toBe(5000);
    expect(config.BulkFlushFrequency).toBe(250);
    expect(config.Backoff).toEqual({ Init: 100, Max: 2000 });
    expect(config.Headers).toEqual([{ Key: 'k', Value: 'v' }]);
  });
});

describe('field references (docs/design.md §9.7)', () => {
  it('take tags by their converted names: %{tag.host.name} and tag.host.name are accepted', () => {
    const config = plugin.parseConfig({
      ...required,
      Topic: 'logs-%{tag.host.name}',
      PartitionerType: 'hash',
      HashKeys: ['tag.host.name'],
    });
    expect(config.Topic).toBe('logs-%{tag.host.name}');
    expect(config.HashKeys).toEqual(['tag.host.name']);
  });
});

describe('errors name the option, what it expects and what was given', () => {
  it.each([
    [{ Brokers: [] }, 'flushers[0].detail.Brokers'],
    [
      { Brokers: ['localhost'] },
      'flushers[0].detail.Brokers[0]: expected "host:port", given "localhost"',
    ],
    [
      { Compression: 'brotli' },
      'flushers[0].detail.Compression: expected one of "none", "gzip", "snappy", "lz4", "zstd", given "brotli"',
    ],
    [
      { PartitionerType: 'sticky' },
      'flushers[0].detail.PartitionerType: expected one of "random", "roundrobin", "hash", given "sticky"',
    ],
    [{ RequiredACKs: 2 }, 'flushers[0].detail.RequiredACKs: expected one of -1, 0, 1, given 2'],
    [
      { MaxMessageBytes: 0 },
      'flushers[0].detail.MaxMessageBytes: expected an integer > 0, given 0',
    ],
    [
      { Timeout: '30 seconds' },
      'flushers[0].detail.Timeout: expected a duration such as "500ms" or nanoseconds as a number',
    ],
    [{ Topic: 'logs-%{content}' }, 'flushers[0].detail.Topic: unsupported field "content"'],
    [
      { Topic: 'has space' },
      'flushers[0].detail.Topic: expected a Kafka topic name, but "has space" has characters other than letters, digits, ".", "_" and "-"',
    ],
    [
      { Topic: 'logs-%{tag.__hostname__}' },
      'flushers[0].detail.Topic: unsupported field "tag.__hostname__": tags go by their converted names, write tag.host.name (format string "logs-%{tag.__hostname__}")',
    ],
    [
      { PartitionerType: 'hash', HashKeys: ['content.user', 'tag.__hostname__'] },
      'flushers[0].detail.HashKeys[1]: unsupported field "tag.__hostname__": tags go by their converted names, write tag.host.name, given "tag.__hostname__"',
    ],
    [
      { PartitionerType: 'hash', HashKeys: ['user'] },
      'flushers[0].detail.HashKeys[0]: unsupported field "user": expected content.<key> or tag.<key>, given "user"',
    ],
    [
      { HashKeys: ['content.user'] },
      'flushers[0].detail.HashKeys: HashKeys only apply with PartitionerType "hash"; given PartitionerType "random"',
    ],
    [
      { Idempotent: true, RequiredACKs: 1 },
      'flushers[0].detail.RequiredACKs: expected -1 (all in-sync replicas) because Idempotent is true, given 1',
    ],
    [
      { Backoff: '500ms' },
      'flushers[0].detail.Backoff: expected an object, given "500ms" (Backoff is {"Init": …, "Max": …} in every flusher; a single duration such as "500ms" is now {"Init": "500ms"})',
    ],
    [
      { Backoff: { Init: '2s', Max: '1s' } },
      'flushers[0].detail.Backoff.Max: expected a duration at least as long as Backoff.Init',
    ],
    [{ Headers: [{ Key: '', Value: 'v' }] }, 'flushers[0].detail.Headers[0].Key'],
    [
      { Convert: { Protocol: 'otlp_log_v1' } },
      'flushers[0].detail.Convert.Protocol: expected one of "custom_single", "custom_single_flatten", "jsonline", given "otlp_log_v1"',
    ],
    [
      { Convert: { ProtocolFieldsRename: { timestamp: '@t' } } },
      'flushers[0].detail.Convert: ProtocolFieldsRename: unknown field "timestamp"',
    ],
    [{ Convert: { Encoding: 'protobuf' } }, 'flushers[0].detail.Convert.Encoding'],
    [
      { Authentication: { SASL: { SaslMechanism: 'GSSAPI', Username: 'u', Password: 'p' } } },
      'flushers[0].detail.Authentication.SASL.SaslMechanism: expected one of "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", given "GSSAPI"',
    ],
    [
      { Authentication: { TLS: { CAFile: '/ca.pem' } } },
      'flushers[0].detail.Authentication.TLS.Enabled: expected true, since other TLS options are set',
    ],
    [
      { Authentication: { TLS: { Enabled: true, CertFile: '/c.pem' } } },
      'flushers[0].detail.Authentication.TLS: expected both CertFile and KeyFile, or neither',
    ],
    [
      { Buffer: { WhenFull: 'drop_newest' } },
      'flushers[0].detail.Buffer.WhenFull: applies only with Type "disk" (with the memory buffer, MaxBufferedBytes bounds what waits for the broker and isReady is false at it), given "drop_newest"',
    ],
    [
      { Buffer: { MaxBytes: 1048576 } },
      'flushers[0].detail.Buffer.MaxBytes: applies only with Type "disk" (with the memory buffer, MaxBufferedBytes bounds what waits for the broker and isReady is false at it), given 1048576',
    ],
    [
      { Buffer: { Type: 'disk' } },
      'flushers[0].detail.Buffer.Path: required with Type "disk" (expected the directory of the buffer)',
    ],
    [{ Authentication: { Kerberos: {} } }, 'flushers[0].detail.Authentication.Kerberos'],
    [
      { Authentication: { SASL: { Username: 'u', Pasword: 'p' } } },
      'flushers[0].detail.Authentication.SASL.Pasword: unknown option. Did you mean "Password"?',
    ],
  ])('%j', (detail, message) => {
    expect(configError(detail)).toContain(message);
  });
});

describe('secrets', () => {
  const secret = 'S3cret-Value-Nobody-Sees';
  const detail = {
    ...required,
    Authentication: {
      SASL: { Username: 'u', Password: secret },
      TLS: { Enabled: true, KeyPassword: `${secret}-key`, SaslMechanism: 'x' },
    },
  };

  it('never appear in a config error', () => {
    const message = configError({ Authentication: detail.Authentication, Compression: 'brotli' });
    expect(message).toContain('Compression');
    expect(message).not.toContain(secret);
  });

  it('are hidden by redactConfig', () => {
    const config = plugin.parseConfig({
      ...required,
      Authentication: { SASL: { Username: 'u', Password: secret } },
    });
    expect(JSON.stringify(redactConfig(plugin.configSchema, config))).not.toContain(secret);
    expect(
      plugin
        .create({ ...required, Authentication: { SASL: { Username: 'u', Password: secret } } })
        .description(),
    ).not.toContain(secret);
  });
});

describe('JSON Schema', () => {
  it('describes every option and marks passwords write-only', () => {
    interface JsonSchema {
      description?: string;
      writeOnly?: boolean;
      properties?: Record<string, JsonSchema>;
    }
    const schema = plugin.jsonSchema() as JsonSchema;
    for (const [name, option] of Object.entries(schema.properties ?? {})) {
      expect(option.description, name).toBeTruthy();
    }
    const sasl = schema.properties?.Authentication?.properties?.SASL;
    expect(sasl?.properties?.Password?.writeOnly).toBe(true);
  });
});

describe('Client', () => {
  it('is kafkajs by default; platformatic where @platformatic/kafka is installed and this Node runs it', () => {
    expect(plugin.parseConfig(required).Client).toBe('kafkajs');
    if (platformaticProblem() === undefined)
      expect(plugin.parseConfig({ ...required, Client: 'platformatic' }).Client).toBe(
        'platformatic',
      );
    expect(configError({ Client: 'rdkafka' })).toContain('flushers[0].detail.Client');
  });

  it('on a Node outside @platformatic/kafka\'s engines, Client "platformatic" is a config error that says so', () => {
    expect(platformaticProblem('20.20.2')).toMatch(
      /^@platformatic\/kafka 2\.\d+\.\d+ needs Node >= ?22\.22\.0 \|\| >= ?24\.6\.0; this is Node 20\.20\.2 \(use Client "kafkajs"\)$/,
    );
    expect(platformaticProblem('22.22.0')).toBeUndefined();
    expect(platformaticProblem('24.21.0')).toBeUndefined();
  });

  it('reads engines ranges of || alternatives', () => {
    expect(satisfiesEngines('22.21.9', '>= 22.22.0 || >= 24.6.0')).toBe(false);
    expect(satisfiesEngines('23.0.0', '>= 22.22.0 || >= 24.6.0')).toBe(true);
    expect(satisfiesEngines('20.19.0', '>=20')).toBe(true);
    expect(satisfiesEngines('18.0.0', '^18 || ^20')).toBeUndefined();
    expect(satisfiesEngines('21.0.0', '>=18 <21')).toBe(false);
  });
});
