import { describe, expect, it } from 'vitest';
import { ConfigError } from '@logflush/core';
import { plugin } from '../src/index.js';

const required = { Bucket: 'logs' };

function configError(detail: Record<string, unknown>): ConfigError {
  try {
    plugin.parseConfig(detail, 'flushers[0].detail');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('the config was accepted');
}

describe('config', () => {
  it('fills every default, with durations in milliseconds', () => {
    expect(plugin.parseConfig(required)).toEqual({
      Bucket: 'logs',
      Region: '',
      Endpoint: '',
      ForcePathStyle: false,
      AccessKeyId: '',
      SecretAccessKey: '',
      SessionToken: '',
      KeyFormat: 'logflush/%Y/%m/%d/%H/{uuid}{ext}',
      Format: 'json',
      RawContentKey: 'content',
      Compression: 'gzip',
      MaxObjectBytes: 104857600,
      MaxEvents: 0,
      FlushInterval: 300_000,
      PartSize: 8388608,
      MaxBufferedBytes: 33554432,
      UploadConcurrency: 4,
      KMSKeyId: '',
      Tagging: {},
      Metadata: {},
      MaxRetries: 8,
      Backoff: { Init: 500, Max: 30_000 },
      Timeout: 60_000,
      Buffer: { Type: 'memory', Path: '', MaxBytes: 1073741824, WhenFull: 'block' },
      DeadLetter: { Path: '' },
    });
  });

  it('refuses StagingDir, naming the disk buffer that replaced it', () => {
    expect(configError({ ...required, StagingDir: '/var/lib/logflush/s3' }).message).toBe(
      'flushers[0].detail.StagingDir: no longer an option: write Buffer: {"Type": "disk", "Path": "<dir>"} instead',
    );
  });

  it('decodes Buffer and DeadLetter as every flusher does', () => {
    expect(
      plugin.parseConfig({
        ...required,
        Buffer: { Type: 'disk', Path: '/var/lib/logflush/s3', WhenFull: 'drop_newest' },
        DeadLetter: { Path: '/var/lib/logflush/s3-dead.jsonl' },
      }),
    ).toMatchObject({
      Buffer: {
        Type: 'disk',
        Path: '/var/lib/logflush/s3',
        MaxBytes: 1073741824,
        WhenFull: 'drop_newest',
      },
      DeadLetter: { Path: '/var/lib/logflush/s3-dead.jsonl' },
    });
    expect(configError({ ...required, Buffer: { Type: 'disk' } }).message).toBe(
      'flushers[0].detail.Buffer.Path: required with Type "disk" (expected the directory of the buffer)',
    );
  });

  it('requires Bucket', () => {
    expect(configError({}).message).toBe(
      'flushers[0].detail.Bucket: required option missing (expected a non-empty string)',
    );
  });

  it('rejects a PartSize under 5 MiB, naming the option, the bound and the value', () => {
    expect(configError({ ...required, PartSize: 5 * 1024 * 1024 - 1 }).message).toBe(
      'flushers[0].detail.PartSize: expected an integer ≥ 5242880 and ≤ 5368709120, given 5242879',
    );
  });

  it('rejects an object size that would need more than 10,000 parts', () => {
    expect(
      configError({
        ...required,
        MaxObjectBytes: 10_001 * 5 * 1024 * 1024,
        PartSize: 5 * 1024 * 1024,
      }).message,
    ).toBe(
      'flushers[0].detail.MaxObjectBytes: an object of 52434042880 bytes would need more than 10000 parts of PartSize 5242880; raise PartSize or lower MaxObjectBytes',
    );
  });

  it('rejects an unknown Compression with the accepted values', () => {
    expect(configError({ ...required, compression: 'lz4' }).message).toBe(
      'flushers[0].detail.Compression: expected one of "none", "gzip", "zstd", given "lz4"',
    );
  });

  it('requires {uuid} in KeyFormat, so that no object replaces another', () => {
    expect(configError({ ...required, KeyFormat: 'logs/%Y/%m/%d/{index}.jsonl' }).message).toBe(
      'flushers[0].detail.KeyFormat: KeyFormat must contain {uuid}, so that no object ever replaces another; given "logs/%Y/%m/%d/{index}.jsonl"',
    );
  });

  it('rejects a KeyFormat that does not compile or starts with "/"', () => {
    expect(configError({ ...required, KeyFormat: 'logs/%q/{uuid}' }).message).toMatch(
      /^flushers\[0\]\.detail\.KeyFormat: unknown directive "%q"/,
    );
    expect(configError({ ...required, KeyFormat: '/logs/{uuid}' }).message).toMatch(
      /must not start with "\/"/,
    );
  });

  it('rejects an Endpoint that is not an http(s) URL', () => {
    expect(configError({ ...required, Endpoint: 'localhost:9000' }).message).toBe(
      'flushers[0].detail.Endpoint: expected an http:// or https:// URL, given "localhost:9000"',
    );
  });

  it('wants AccessKeyId and SecretAccessKey together, and never shows the secret', () => {
    const missingSecret = configError({ ...required, AccessKeyId: 'AKIAEXAMPLE' });
    expect(missingSecret.message).toBe(
      'flushers[0].detail.SecretAccessKey: required when AccessKeyId is set (expected a non-empty string)',
    );
    const missingKey = configError({ ...required, SecretAccessKey: 'wJalrXUtnFEMI-very-secret' });
    expect(missingKey.message).toBe(
      'flushers[0].detail.AccessKeyId: required when SecretAccessKey is set (expected a non-empty string)',
    );
    const wrongType = configError({
      ...required,
      AccessKeyId: 'AKIAEXAMPLE',
      SecretAccessKey: 12345678,
    });
    expect(wrongType.message).toBe(
      'flushers[0].detail.SecretAccessKey: expected a string, given <redacted>',
    );
    const tokenAlone = configError({ ...required, SessionToken: 'token-secret-value' });
    expect(tokenAlone.message).toMatch(/SessionToken: applies only with AccessKeyId/);
    for (const error of [missingKey, tokenAlone]) {
      expect(JSON.stringify(error.issues)).not.toMatch(/very-secret|token-secret-value/);
    }
  });

  it('accepts KMSKeyId only with ServerSideEncryption aws:kms', () => {
    expect(
      configError({ ...required, ServerSideEncryption: 'AES256', KMSKeyId: 'key-1' }).message,
    ).toBe(
      'flushers[0].detail.KMSKeyId: applies only with ServerSideEncryption "aws:kms", given "AES256"',
    );
    expect(
      plugin.parseConfig({ ...required, ServerSideEncryption: 'aws:kms', KMSKeyId: 'key-1' }),
    ).toMatchObject({
      ServerSideEncryption: 'aws:kms',
      KMSKeyId: 'key-1',
    });
  });

  it('takes durations as Go strings or iLogtail nanoseconds, and rejects a zero FlushInterval', () => {
    expect(
      plugin.parseConfig({ ...required, FlushInterval: '1m30s', Backoff: { Init: 2_000_000_000 } }),
    ).toMatchObject({
      FlushInterval: 90_000,
      Backoff: { Init: 2000, Max: 30_000 },
    });
    expect(configError({ ...required, FlushInterval: '0s' }).message).toBe(
      'flushers[0].detail.FlushInterval: expected a duration longer than 0, given 0',
    );
  });

  it('takes Backoff as {Init, Max}; a single duration (the old form) is an error showing the new one', () => {
    expect(
      plugin.parseConfig({ ...required, Backoff: { Init: '100ms', Max: '2s' } }),
    ).toMatchObject({ Backoff: { Init: 100, Max: 2000 } });
    expect(configError({ ...required, Backoff: '500ms' }).message).toBe(
      'flushers[0].detail.Backoff: expected an object, given "500ms" (Backoff is {"Init": …, "Max": …} in every flusher; a single duration such as "500ms" is now {"Init": "500ms"})',
    );
    expect(configError({ ...required, Backoff: { Init: '1s', Max: '10ms' } }).message).toBe(
      'flushers[0].detail.Backoff.Max: expected a duration at least as long as Backoff.Init',
    );
  });

  it('names tags in KeyFormat by their converted names: a raw name iLogtail renames is an error naming the new one', () => {
    expect(configError({ ...required, KeyFormat: 'logs/%{tag.__hostname__}/{uuid}' }).message).toBe(
      'flushers[0].detail.KeyFormat: unsupported field "tag.__hostname__": tags go by their converted names, write tag.host.name (format string "logs/%{tag.__hostname__}/")',
    );
    expect(configError({ ...required, KeyFormat: '%{tag.__path__}/{uuid}' }).message).toMatch(
      /^flushers\[0\]\.detail\.KeyFormat: unsupported field "tag\.__path__": .*write tag\.log\.file\.path/,
    );
    expect(
      plugin.parseConfig({ ...required, KeyFormat: 'logs/%{tag.host.name}/{uuid}' }),
    ).toMatchObject({ KeyFormat: 'logs/%{tag.host.name}/{uuid}' });
  });

  it('rejects Metadata that cannot travel as HTTP headers', () => {
    expect(configError({ ...required, Metadata: { team: 'café' } }).message).toMatch(
      /^flushers\[0\]\.detail\.Metadata\.team: /,
    );
  });

  it('matches option names ignoring case and suggests the nearest for an unknown one', () => {
    expect(plugin.parseConfig({ bucket: 'logs', partsize: 6 * 1024 * 1024 })).toMatchObject({
      Bucket: 'logs',
      PartSize: 6291456,
    });
    expect(configError({ ...required, Compresion: 'gzip' }).message).toMatch(
      /Compresion.*Compression/,
    );
  });

  it('exports a JSON Schema with the options', () => {
    const schema = plugin.jsonSchema() as {
      properties: Record<string, unknown>;
      required?: string[];
    };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['Buffer', 'DeadLetter']),
    );
    expect(Object.keys(schema.properties)).not.toContain('StagingDir');
    expect(schema.required).toEqual(['Bucket']);
  });
});
