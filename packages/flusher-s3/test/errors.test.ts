import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { FlushFailedError } from '@logflush/core';
import { createLogGroup, createLogs, mockContext } from '@logflush/testkit';
import { plugin } from '../src/index.js';
import { listKeys, s3Info, serverDetail, uniquePrefix } from './helpers.js';

const wrongSecret = 'wrong-secret-4f1c9a7e';

async function initError(detail: Record<string, unknown>) {
  const context = mockContext();
  const flusher = plugin.create(detail);
  const error = await flusher.init(context).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  await flusher.stop();
  expect(error).toBeInstanceOf(Error);
  return { error: error!, context };
}

function expectNoSecret(secret: string, ...outputs: unknown[]) {
  for (const output of outputs) {
    expect(inspect(output, { depth: 20 })).not.toContain(secret);
    expect(JSON.stringify(output) ?? '').not.toContain(secret);
  }
}

describe('errors', () => {
  it('says which key is wrong when the secret access key does not match, and never shows it', async () => {
    const { error, context } = await initError(
      serverDetail(uniquePrefix(), { SecretAccessKey: wrongSecret }),
    );
    expect(error.message).toBe(
      'flusher_s3: ListObjectsV2 (bucket check): the secret access key does not match access key id "logflush-test": check SecretAccessKey (SignatureDoesNotMatch, HTTP 403)',
    );
    expectNoSecret(wrongSecret, error, context.lines);
  });

  it('names an unknown access key id', async () => {
    const { error } = await initError(
      serverDetail(uniquePrefix(), { AccessKeyId: 'nobody', SecretAccessKey: wrongSecret }),
    );
    expect(error.message).toMatch(
      /access key id "nobody" is not known to http:\/\/127\.0\.0\.1:\d+: check AccessKeyId \(InvalidAccessKeyId, HTTP 403\)$/,
    );
  });

  it('names a missing bucket', async () => {
    const { error } = await initError({
      ...serverDetail(uniquePrefix()),
      Bucket: 'no-such-bucket-here',
    });
    expect(error.message).toMatch(
      /^flusher_s3: ListObjectsV2 \(bucket check\): bucket "no-such-bucket-here" does not exist at http:\/\/127\.0\.0\.1:\d+ \(NoSuchBucket, HTTP 404\)$/,
    );
  });

  it('says the server cannot be reached, after its retries', async () => {
    const context = mockContext();
    const flusher = plugin.create({
      ...serverDetail(uniquePrefix()),
      Endpoint: 'http://127.0.0.1:9',
      MaxRetries: 2,
      Backoff: { Init: '10ms' },
    });
    await expect(flusher.init(context)).rejects.toThrow(
      /^flusher_s3: ListObjectsV2 \(bucket check\): cannot reach http:\/\/127\.0\.0\.1:9: .*ECONNREFUSED/,
    );
    expect(context.metrics.get('retries')).toBe(2);
    expect(
      context.lines.filter((line) => line.level === 'warn').map((line) => line.message),
    ).toEqual([
      expect.stringMatching(/retry 1 of 2 in \d+ ms$/),
      expect.stringMatching(/retry 2 of 2 in \d+ ms$/),
    ]);
    await flusher.stop();
  });

  it('reports an object the server refuses: counted, logged, then the next flush rejects with the count', async () => {
    // S3Proxy answers 501 Not Implemented to server-side encryption: a final error, not retried.
    const prefix = uniquePrefix();
    const context = mockContext();
    const flusher = plugin.create(
      serverDetail(prefix, { ServerSideEncryption: 'AES256', FlushInterval: '10ms' }),
    );
    await flusher.init(context);
    await flusher.flush('p', 'l', 'c', [createLogGroup({ logs: createLogs(4) })]);
    await expect.poll(() => context.metrics.get('failed_events'), { timeout: 10_000 }).toBe(4);
    expect(
      context.lines.filter((line) => line.level === 'error').map((line) => line.message),
    ).toEqual([
      expect.stringMatching(
        /^flusher_s3: object t\/.* with 4 logs could not be uploaded: PutObject .*: .*does not implement a feature.* \(NotImplemented, HTTP 501\)$/,
      ),
    ]);
    expect(context.metrics.get('retries')).toBe(0);
    const error = await flusher
      .flush('p', 'l', 'c', [createLogGroup({ logs: createLogs(2) })])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlushFailedError);
    expect((error as FlushFailedError).failedEvents).toBe(6);
    expect((error as Error).message).toMatch(
      /^flusher_s3: 6 logs not delivered: PutObject t\/\S+: [^;]*does not implement a feature[^;]* \(NotImplemented, HTTP 501\) \(4 logs\); not accepted, as logs accepted earlier were not uploaded \(2 logs\)$/,
    );
    const [uploadFailure, notAccepted, ...more] = (error as FlushFailedError).reasons;
    expect(uploadFailure?.reason).toMatch(/^PutObject t\/.*\(NotImplemented, HTTP 501\)$/);
    expect(uploadFailure?.logs).toBe(4);
    expect(notAccepted).toEqual({
      reason: 'not accepted, as logs accepted earlier were not uploaded',
      logs: 2,
    });
    expect(more).toEqual([]);
    expect(context.metrics.get('failed_events')).toBe(6);
    // Reported once: the next flush is accepted again.
    await flusher.flush('p', 'l', 'c', [createLogGroup({ logs: createLogs(1) })]);
    await expect(flusher.stop()).rejects.toThrow(/^flusher_s3: 1 log not delivered: PutObject /);
    expect(await listKeys(prefix)).toEqual([]);
  });

  it('rejects stop with the count when an object failed after the last flush, and a second stop with the same error', async () => {
    const context = mockContext();
    const flusher = plugin.create(serverDetail(uniquePrefix(), { Tagging: { team: 'web' } }));
    await flusher.init(context);
    await flusher.flush('p', 'l', 'c', [createLogGroup({ logs: createLogs(3) })]);
    const stopping = flusher.stop();
    const error = await stopping.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlushFailedError);
    expect((error as FlushFailedError).failedEvents).toBe(3);
    expect((error as Error).message).toMatch(
      /^flusher_s3: 3 logs not delivered: PutObject t\/\S+: .*\(NotImplemented, HTTP 501\) \(3 logs\)$/,
    );
    expect(context.metrics.snapshot()).toMatchObject({
      in_events: 3,
      out_events: 0,
      failed_events: 3,
    });
    // The same promise, so the same outcome: the failure is not swallowed by a second stop.
    expect(flusher.stop()).toBe(stopping);
    await expect(flusher.stop()).rejects.toBe(error);
  });

  it('scrubs the secret key and session token from every error and log line', async () => {
    const context = mockContext();
    const sessionToken = 'session-token-9d2e51';
    const flusher = plugin.create(
      serverDetail(uniquePrefix(), {
        SecretAccessKey: wrongSecret,
        SessionToken: sessionToken,
        MaxRetries: 1,
      }),
    );
    const error = await flusher.init(context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expectNoSecret(wrongSecret, error, context.lines);
    expectNoSecret(sessionToken, error, context.lines);
    await flusher.stop();
  });
});

describe('credentials from the AWS default chain', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('uses the environment when no keys are configured, and us-east-1 when no region is found', async () => {
    const info = s3Info();
    process.env.AWS_ACCESS_KEY_ID = info.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = info.secretAccessKey;
    delete process.env.AWS_REGION;
    const prefix = uniquePrefix();
    const {
      AccessKeyId: _id,
      SecretAccessKey: _secret,
      Region: _region,
      ...detail
    } = serverDetail(prefix);
    const flusher = plugin.create(detail);
    await flusher.init(mockContext());
    await flusher.flush('p', 'l', 'c', [createLogGroup({ logs: createLogs(1) })]);
    await flusher.stop();
    expect(await listKeys(prefix)).toHaveLength(1);
  });
});
