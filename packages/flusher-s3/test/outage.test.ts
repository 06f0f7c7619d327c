import { setTimeout as sleep } from 'node:timers/promises';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogGroup, createLogs, mockContext } from '@logflush/testkit';
import { plugin } from '../src/index.js';
import {
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
  return { seqs, context };
}

describe('the S3 server stopped mid-run and started again', () => {
  it('delivers every accepted log (in memory)', async () => {
    const { seqs, context } = await runThroughOutage({});
    expect(seqs).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(context.metrics.get('failed_events')).toBe(0);
    expect(context.metrics.get('retries')).toBeGreaterThan(0);
    expect(context.metrics.get('out_events')).toBe(1000);
  }, 120_000);

  it('delivers every accepted log (with StagingDir), and leaves the directory empty', async () => {
    const dir = tempDir();
    const { seqs, context } = await runThroughOutage({ StagingDir: dir });
    expect(seqs).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(context.metrics.get('failed_events')).toBe(0);
    expect(context.metrics.get('retries')).toBeGreaterThan(0);
    expect(fs.readdirSync(dir)).toEqual([]);
  }, 120_000);
});
