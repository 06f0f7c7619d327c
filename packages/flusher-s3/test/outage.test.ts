import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogGroup, createLogs, mockContext } from '@logflush/testkit';
import { plugin } from '../src/index.js';
import {
  eventually,
  listKeys,
  readObject,
  s3Info,
  s3Reader,
  serverDetail,
  tempDir,
  uniquePrefix,
  removeTempDirs,
} from './helpers.js';
import { OwnS3Proxy } from './own-s3proxy.js';
import { quickRetries, range, runFlusher, seqGroup } from './buffer-support.js';

let server: OwnS3Proxy;

beforeAll(async () => {
  server = await OwnS3Proxy.start(tempDir(), s3Info());
}, 90_000);

afterAll(async () => {
  await server?.kill();
  removeTempDirs();
});

/**
 * The seqs of the objects the flusher wrote. S3Proxy's filesystem store writes an object to
 * `<key>-<random UUID>` and renames it into place (nio2blob/AbstractNio2BlobStore.java); killed
 * between the two, it leaves that file behind and lists it as an object of its own. Such
 * leftovers are the server's, not the flusher's, so only keys of the flusher's KeyFormat count.
 */
async function readFlusherSeqs(
  prefix: string,
  client: ReturnType<typeof s3Reader>,
  bucket: string,
) {
  const flusherKey = new RegExp(
    `^${prefix}[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}\\.jsonl\\.gz$`,
  );
  const seqs: number[] = [];
  for (const key of await listKeys(prefix, client, bucket)) {
    if (!flusherKey.test(key)) {
      console.warn(
        `ignoring ${key}: not a key the flusher writes (a file S3Proxy left when it was killed)`,
      );
      continue;
    }
    const object = await readObject(key, client, bucket);
    for (const line of object.text.split('\n')) {
      if (line !== '') seqs.push(Number((JSON.parse(line) as { seq: string }).seq));
    }
  }
  return seqs.sort((a, b) => a - b);
}

/**
 * Flushes 20 batches of 50 logs while objects upload every 100 ms; the server is killed after
 * the 5th flush and started again after the 12th. Every flush is accepted (the flusher buffers),
 * and every accepted log must be in S3 once stop resolves.
 */
async function runThroughOutage(extra: Record<string, unknown>) {
  const prefix = uniquePrefix();
  const context = mockContext();
  const detail = {
    ...serverDetail(prefix, {
      FlushInterval: '100ms',
      MaxRetries: 30,
      Backoff: { Init: '100ms' },
      Timeout: '5s',
      ...extra,
    }),
    Endpoint: server.info.endpoint,
  };
  const flusher = plugin.create(detail);
  await flusher.init(context);
  for (let batch = 0; batch < 20; batch++) {
    if (batch === 5) await server.kill();
    if (batch === 12) await server.restart();
    const logs = createLogs(50, {
      contents: (i) => ({ seq: String(batch * 50 + i), content: 'through the outage' }),
    });
    await flusher.flush('p', 'l', 'c', [createLogGroup({ logs })]);
    await sleep(40);
  }
  await flusher.stop();
  const client = s3Reader(server.info);
  const seqs = await readFlusherSeqs(prefix, client, server.info.bucket);
  client.destroy();
  return { seqs, context, flusher };
}

describe('the S3 server stopped mid-run and started again', () => {
  it('delivers every accepted log (in memory)', async () => {
    const { seqs, context } = await runThroughOutage({});
    expect(seqs).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(context.metrics.get('failed_events')).toBe(0);
    expect(context.metrics.get('retries')).toBeGreaterThan(0);
    expect(context.metrics.get('out_events')).toBe(1000);
  }, 120_000);

  it('delivers every accepted log at least once (disk buffer), and leaves no backlog', async () => {
    const dir = tempDir();
    const { seqs, context, flusher } = await runThroughOutage({
      Buffer: { Type: 'disk', Path: dir },
      Backoff: { Init: '100ms', Max: '500ms' },
    });
    const duplicates = seqs.length - new Set(seqs).size;
    console.info(`disk buffer through the outage: ${duplicates} duplicates`);
    expect([...new Set(seqs)]).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    // Only an object S3 stored while its answer was lost is uploaded twice: a flush or two.
    expect(duplicates).toBeLessThanOrEqual(100);
    expect(context.metrics.get('failed_events')).toBe(0);
    expect(context.metrics.get('retries')).toBeGreaterThan(0);
    expect(flusher.backlog?.()).toEqual({ logs: 0, bytes: 0 });
  }, 120_000);

  it('uploads logs flushed while S3 is down once it is back, appending them again while it runs', async () => {
    const dir = tempDir();
    const prefix = uniquePrefix();
    const context = mockContext();
    await server.kill();
    const flusher = plugin.create({
      ...serverDetail(prefix, { ...quickRetries, FlushInterval: '50ms', Timeout: '5s' }),
      Endpoint: server.info.endpoint,
      Buffer: { Type: 'disk', Path: dir },
    });
    await flusher.init(context);
    for (let i = 0; i < 4; i++) await flusher.flush('p', 'l', 'c', [seqGroup(i * 50, 50)]);
    // Retries used up with S3 still away: the logs wait in the buffer and are tried again.
    await eventually(() =>
      context.lines.some((line) =>
        /^flusher_s3: \d+ buffered logs still not uploaded after their retries; they stay in the disk buffer and are uploaded again in \d+ ms$/.test(
          line.message,
        ),
      ),
    );
    expect(context.metrics.get('failed_events')).toBe(0);
    await server.restart();
    await eventually(() => flusher.backlog?.()?.logs === 0, 60_000);
    const client = s3Reader(server.info);
    const seqs = await readFlusherSeqs(prefix, client, server.info.bucket);
    client.destroy();
    expect(seqs).toEqual(range(0, 200));
    await flusher.stop();
    expect(context.metrics.snapshot()).toMatchObject({ out_events: 200, failed_events: 0 });
  }, 120_000);

  it('starts with S3 down, keeps what a stop could not upload, and the next start uploads it once', async () => {
    const dir = tempDir();
    const prefix = uniquePrefix();
    const detail = {
      ...serverDetail(prefix, { ...quickRetries, FlushInterval: '100ms', Timeout: '5s' }),
      Endpoint: server.info.endpoint,
      Buffer: { Type: 'disk', Path: dir },
    };
    await server.kill();
    const down = await runFlusher(
      detail,
      range(0, 6).map((i) => seqGroup(i * 50, 50)),
    );
    expect(down.stopped).toBeUndefined();
    expect(down.flusher.backlog?.()).toMatchObject({ logs: 300 });
    expect(down.context.metrics.snapshot()).toMatchObject({
      in_events: 300,
      out_events: 0,
      failed_events: 0,
    });
    const warnings = down.context.lines.filter((line) => line.level === 'warn');
    expect(warnings[0]!.message).toMatch(
      /^flusher_s3: cannot check bucket "logflush-test": ListObjectsV2 \(bucket check\): cannot reach http:\/\/127\.0\.0\.1:\d+: .*; logs are kept in the disk buffer until S3 takes them$/,
    );
    expect(warnings.at(-1)!.message).toBe(
      `flusher_s3: 300 logs stay in the disk buffer "${dir}"; they are uploaded at its next start`,
    );

    await server.restart();
    const up = await runFlusher(detail);
    expect(up.stopped).toBeUndefined();
    expect(up.context.metrics.snapshot()).toMatchObject({
      recovered_events: 300,
      out_events: 300,
      failed_events: 0,
    });
    expect(up.flusher.backlog?.()).toEqual({ logs: 0, bytes: 0 });
    const client = s3Reader(server.info);
    const seqs = await readFlusherSeqs(prefix, client, server.info.bucket);
    client.destroy();
    expect(seqs).toEqual(range(0, 300));
  }, 120_000);
});
