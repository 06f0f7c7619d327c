import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createLog, createLogGroup, mockContext } from '@logflush/testkit';
import { BufferGauge, type LogGroup } from '@logflush/core';
import { plugin } from '../src/index.js';
import { ObjectWriter } from '../src/object-writer.js';
import { PartPool } from '../src/part-pool.js';
import { Limiter } from '../src/s3/limiter.js';
import { Uploader } from '../src/s3/uploader.js';
import {
  listKeys,
  openMultipartUploads,
  readObjects,
  s3Info,
  serverDetail,
  uniquePrefix,
} from './helpers.js';

const MiB = 1024 * 1024;

/** Logs of about 1 KiB each whose `pad` is hex from a fixed-seed generator, so gzip cannot shrink them much. */
function paddedGroups(totalBytes: number, perGroup = 512): { groups: LogGroup[]; text: string } {
  let state = 12345;
  const nextHex = () => {
    state = (state * 1103515245 + 12345) >>> 0;
    return state.toString(16).padStart(8, '0');
  };
  const groups: LogGroup[] = [];
  const lines: string[] = [];
  let bytes = 0;
  let seq = 0;
  while (bytes < totalBytes) {
    const logs = [];
    for (let i = 0; i < perGroup; i++, seq++) {
      let pad = '';
      while (pad.length < 1000) pad += nextHex();
      logs.push(createLog({ time: 1700000000, contents: { seq: String(seq), pad } }));
      const line = `{"__time__":1700000000,"seq":"${seq}","pad":"${pad}"}\n`;
      lines.push(line);
      bytes += line.length;
    }
    groups.push(createLogGroup({ logs }));
  }
  return { groups, text: lines.join('') };
}

describe('multipart upload', () => {
  it('streams an object several parts long, and it reads back byte for byte', async () => {
    const prefix = uniquePrefix();
    const { groups, text } = paddedGroups(11 * MiB);
    const flusher = plugin.create(
      serverDetail(prefix, { Compression: 'none', PartSize: 5 * MiB, MaxObjectBytes: 64 * MiB }),
    );
    const context = mockContext();
    await flusher.init(context);
    for (const group of groups) await flusher.flush('p', 'l', 'c', [group]);
    await flusher.stop();

    const [object, ...others] = await readObjects(prefix);
    expect(others).toEqual([]);
    expect(object!.raw.length).toBe(Buffer.byteLength(text));
    expect(object!.text === text).toBe(true);
    // A multipart object's ETag ends in "-<parts>": 11 MiB+ in 5 MiB parts is 3 parts.
    expect(object!.head.ETag).toMatch(/-3"$/);
    expect(await openMultipartUploads(prefix)).toEqual([]);
    expect(context.metrics.get('out_events')).toBe(groups.length * 512);
  });

  it('streams gzip output across parts', async () => {
    const prefix = uniquePrefix();
    const { groups, text } = paddedGroups(12 * MiB);
    const flusher = plugin.create(serverDetail(prefix, { Compression: 'gzip', PartSize: 5 * MiB }));
    await flusher.init(mockContext());
    for (const group of groups) await flusher.flush('p', 'l', 'c', [group]);
    await flusher.stop();

    const [object] = await readObjects(prefix);
    expect(object!.head.ETag).toMatch(/-2"$/);
    expect(object!.text === text).toBe(true);
  });

  it('aborts a multipart upload that cannot complete, leaving no parts behind', async () => {
    // Parts of 1 MiB are below S3's 5 MiB minimum (the config refuses them), so the server
    // refuses to complete the upload: a real failure after parts were stored.
    const info = s3Info();
    const client = new S3Client({
      endpoint: info.endpoint,
      region: info.region,
      forcePathStyle: true,
      maxAttempts: 1,
      credentials: { accessKeyId: info.accessKeyId, secretAccessKey: info.secretAccessKey },
    });
    const context = mockContext();
    const uploader = new Uploader({
      client,
      bucket: info.bucket,
      retry: { maxRetries: 0, initMs: 10, maxMs: 10 },
      limiter: new Limiter(2),
      logger: context.logger,
      metrics: context.metrics,
      errorContext: { bucket: info.bucket, endpoint: info.endpoint, accessKeyId: info.accessKeyId },
      secrets: [info.secretAccessKey],
      signal: context.signal,
    });
    const prefix = uniquePrefix();
    const gauge = new BufferGauge();
    const writer = new ObjectWriter(
      uploader,
      `${prefix}object`,
      { ContentType: 'text/plain' },
      new PartPool(MiB, 2),
      gauge,
    );
    writer.write(Buffer.alloc(2.5 * MiB, 'a'));
    await expect(writer.end()).rejects.toThrow(/CompleteMultipartUpload .*EntityTooSmall/);
    expect(await openMultipartUploads(prefix)).toEqual([]);
    expect(await listKeys(prefix)).toEqual([]);
    expect(gauge.held).toBe(0);
    client.destroy();
  });
});
