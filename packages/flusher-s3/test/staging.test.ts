import fs from 'node:fs';
import path from 'node:path';
import {
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogGroup, createLogs, mockContext } from '@logflush/testkit';
import type { LogGroup } from '@logflush/core';
import { plugin } from '../src/index.js';
import { readRecords } from '../src/staging/record-file.js';
import {
  eventually,
  listKeys,
  openMultipartUploads,
  readObjects,
  readSeqs,
  removeTempDirs,
  s3Info,
  s3Reader,
  serverDetail,
  tempDir,
  uniquePrefix,
} from './helpers.js';

afterEach(removeTempDirs);

const groupOf = (first: number, count: number): LogGroup =>
  createLogGroup({
    logs: createLogs(count, {
      contents: (i) => ({ seq: String(first + i), content: `log ${first + i}` }),
    }),
  });

/** The files of a StagingDir, without its lock. */
const stagedFiles = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((name) => name !== '.lock')
    .sort();

async function stagedSeqs(dir: string): Promise<number[]> {
  const seqs: number[] = [];
  for (const name of stagedFiles(dir).filter((file) => file.endsWith('.records'))) {
    for await (const record of readRecords(path.join(dir, name))) {
      for (const line of record.payload.toString('utf8').split('\n').filter(Boolean)) {
        seqs.push(Number((JSON.parse(line) as { seq: string }).seq));
      }
    }
  }
  return seqs.sort((a, b) => a - b);
}

/** A copy of a StagingDir as it is now: what a crash at this moment would leave. */
function snapshot(dir: string): string {
  const copy = tempDir();
  for (const name of stagedFiles(dir)) fs.copyFileSync(path.join(dir, name), path.join(copy, name));
  return copy;
}

async function runFlusher(detail: Record<string, unknown>, groups: LogGroup[] = []) {
  const context = mockContext();
  const flusher = plugin.create(detail);
  await flusher.init(context);
  for (const group of groups) await flusher.flush('p', 'l', 'c', [group]);
  await flusher.stop();
  return context;
}

describe('StagingDir', () => {
  it('has every accepted log on disk when flush resolves, and removes it once uploaded', async () => {
    const prefix = uniquePrefix();
    const dir = tempDir();
    const flusher = plugin.create(
      serverDetail(prefix, {
        StagingDir: dir,
        FlushInterval: '1h',
        KeyFormat: `${prefix}%{tag.k}/{uuid}{ext}`,
      }),
    );
    await flusher.init(mockContext());
    await flusher.flush('p', 'l', 'c', [{ ...groupOf(0, 3), LogTags: [{ Key: 'k', Value: 'a' }] }]);
    await flusher.flush('p', 'l', 'c', [{ ...groupOf(3, 2), LogTags: [{ Key: 'k', Value: 'b' }] }]);
    expect(await stagedSeqs(dir)).toEqual([0, 1, 2, 3, 4]);
    expect(
      stagedFiles(dir)
        .map((name) => name.replace(/^[0-9a-f-]{36}/, 'U'))
        .sort(),
    ).toEqual(['U.meta.json', 'U.meta.json', 'U.records', 'U.records']);
    expect(await listKeys(prefix)).toEqual([]);
    await flusher.stop();
    expect(await readSeqs(prefix)).toEqual([0, 1, 2, 3, 4]);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('uploads what a crash left before anything else, under the key chosen before the crash', async () => {
    const prefix = uniquePrefix();
    const dir = tempDir();
    const detail = serverDetail(prefix, { StagingDir: dir, FlushInterval: '1h' });
    const first = plugin.create(detail);
    await first.init(mockContext());
    await first.flush('p', 'l', 'c', [groupOf(0, 4)]);
    const leftovers = snapshot(dir);
    await first.stop();
    const [key] = await listKeys(prefix);
    // The crash came before the upload: the object is not in S3.
    await s3Reader().send(new DeleteObjectCommand({ Bucket: s3Info().bucket, Key: key }));

    const context = await runFlusher({ ...detail, StagingDir: leftovers }, [groupOf(4, 2)]);
    expect(await listKeys(prefix)).toContain(key);
    expect(await readSeqs(prefix)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(fs.readdirSync(leftovers)).toEqual([]);
    expect(context.metrics.snapshot()).toMatchObject({
      in_events: 2,
      out_events: 6,
      recovered_events: 4,
      out_objects: 2,
    });
    expect(context.lines.find((line) => line.level === 'info')?.message).toMatch(
      /uploading 1 objects left in StagingDir/,
    );
  });

  it('is exactly-once for accepted logs: an object uploaded just before the crash is replaced, not duplicated', async () => {
    const prefix = uniquePrefix();
    const dir = tempDir();
    const detail = serverDetail(prefix, { StagingDir: dir, FlushInterval: '1h' });
    const first = plugin.create(detail);
    await first.init(mockContext());
    await first.flush('p', 'l', 'c', [groupOf(0, 5)]);
    const leftovers = snapshot(dir);
    // The upload completes, and the crash comes before the staged files were removed.
    await first.stop();
    const before = await readObjects(prefix);

    await runFlusher({ ...detail, StagingDir: leftovers });
    const after = await readObjects(prefix);
    expect(after.map((object) => object.key)).toEqual(before.map((object) => object.key));
    expect(after[0]!.raw.equals(before[0]!.raw)).toBe(true);
    expect(await readSeqs(prefix)).toEqual([0, 1, 2, 3, 4]);
  });

  it('ignores a torn record at the end (a flush the crash interrupted) and uploads the rest', async () => {
    const prefix = uniquePrefix();
    const dir = tempDir();
    const detail = serverDetail(prefix, { StagingDir: dir, FlushInterval: '1h' });
    const first = plugin.create(detail);
    await first.init(mockContext());
    await first.flush('p', 'l', 'c', [groupOf(0, 2)]);
    await first.flush('p', 'l', 'c', [groupOf(2, 2)]);
    const leftovers = snapshot(dir);
    const records = path.join(
      leftovers,
      stagedFiles(leftovers).find((name) => name.endsWith('.records'))!,
    );
    const size = fs.statSync(records).size;
    fs.truncateSync(records, size - 5);
    await first.stop();
    const [key] = await listKeys(prefix);
    await s3Reader().send(new DeleteObjectCommand({ Bucket: s3Info().bucket, Key: key }));

    const context = await runFlusher({ ...detail, StagingDir: leftovers });
    expect(await readSeqs(prefix)).toEqual([0, 1]);
    expect(
      context.lines.filter((line) => line.level === 'warn').map((line) => line.message),
    ).toEqual([expect.stringMatching(/ignored \d+ bytes at the end of its staged records/)]);
  });

  it('aborts the multipart upload a crash left unfinished, then uploads the object again', async () => {
    const prefix = uniquePrefix();
    const dir = tempDir();
    const detail = serverDetail(prefix, { StagingDir: dir, FlushInterval: '1h' });
    const first = plugin.create(detail);
    await first.init(mockContext());
    await first.flush('p', 'l', 'c', [groupOf(0, 3)]);
    const leftovers = snapshot(dir);
    await first.stop();
    const [key] = await listKeys(prefix);
    await s3Reader().send(new DeleteObjectCommand({ Bucket: s3Info().bucket, Key: key }));
    // As if the crash came during a multipart upload of that object.
    const { UploadId } = await s3Reader().send(
      new CreateMultipartUploadCommand({ Bucket: s3Info().bucket, Key: key }),
    );
    await s3Reader().send(
      new UploadPartCommand({
        Bucket: s3Info().bucket,
        Key: key,
        UploadId,
        PartNumber: 1,
        Body: Buffer.alloc(5 * 1024 * 1024, 'x'),
      }),
    );
    const metaFile = path.join(
      leftovers,
      stagedFiles(leftovers).find((name) => name.endsWith('.meta.json'))!,
    );
    fs.writeFileSync(
      metaFile,
      JSON.stringify({ ...JSON.parse(fs.readFileSync(metaFile, 'utf8')), uploadId: UploadId }),
    );
    expect(await openMultipartUploads(prefix)).toEqual([key]);

    await runFlusher({ ...detail, StagingDir: leftovers });
    expect(await openMultipartUploads(prefix)).toEqual([]);
    expect(await readSeqs(prefix)).toEqual([0, 1, 2]);
  });

  it('keeps an object whose upload failed, and the next start uploads it', async () => {
    const prefix = uniquePrefix();
    const dir = tempDir();
    // S3Proxy refuses server-side encryption (501): the upload fails for good in this run.
    const failing = plugin.create(
      serverDetail(prefix, { StagingDir: dir, ServerSideEncryption: 'AES256' }),
    );
    const context = mockContext();
    await failing.init(context);
    await failing.flush('p', 'l', 'c', [groupOf(0, 3)]);
    await expect(failing.stop()).rejects.toThrow(
      /^flusher_s3: 3 logs not delivered: PutObject .*\(NotImplemented, HTTP 501\) \(3 logs\); they stay in StagingDir and are uploaded at the next start$/,
    );
    expect(context.lines.find((line) => line.level === 'error')?.message).toMatch(
      /it stays in StagingDir and is uploaded at the next start$/,
    );
    expect(await stagedSeqs(dir)).toEqual([0, 1, 2]);

    await runFlusher(serverDetail(prefix, { StagingDir: dir }));
    expect(await readSeqs(prefix)).toEqual([0, 1, 2]);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('uploads a staged object larger than PartSize as a multipart upload, reading it from disk', async () => {
    const prefix = uniquePrefix();
    const dir = tempDir();
    const logs = createLogs(6000, { contents: (i) => ({ seq: String(i), pad: 'p'.repeat(1000) }) });
    await runFlusher(
      serverDetail(prefix, { StagingDir: dir, Compression: 'none', PartSize: 5 * 1024 * 1024 }),
      [createLogGroup({ logs: logs.slice(0, 3000) }), createLogGroup({ logs: logs.slice(3000) })],
    );
    const [object] = await readObjects(prefix);
    expect(object!.head.ETag).toMatch(/-2"$/);
    expect(await readSeqs(prefix)).toEqual(Array.from({ length: 6000 }, (_, i) => i));
  });

  it('bounds the upload backlog: isReady is false while MaxBufferedBytes of closed objects wait on disk', async () => {
    const prefix = uniquePrefix();
    const dir = tempDir();
    const flusher = plugin.create(
      serverDetail(prefix, {
        StagingDir: dir,
        MaxEvents: 40,
        MaxBufferedBytes: 1000,
        FlushInterval: '1h',
      }),
    );
    await flusher.init(mockContext());
    // 40 lines of about 52 bytes: the object is closed at MaxEvents as the flush ends.
    await flusher.flush('p', 'l', 'c', [groupOf(0, 40)]);
    expect(flusher.isReady('p', 'l', 0n)).toBe(false);
    await eventually(() => flusher.isReady('p', 'l', 0n));
    expect(await readSeqs(prefix)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(stagedFiles(dir)).toEqual([]);
    await flusher.flush('p', 'l', 'c', [groupOf(40, 10)]);
    expect(flusher.isReady('p', 'l', 0n)).toBe(true);
    await flusher.stop();
    expect(await readSeqs(prefix)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('is not shared: a second flusher on the same StagingDir fails to start', async () => {
    const dir = tempDir();
    const first = plugin.create(serverDetail(uniquePrefix(), { StagingDir: dir }));
    await first.init(mockContext());
    const second = plugin.create(serverDetail(uniquePrefix(), { StagingDir: dir }));
    await expect(second.init(mockContext())).rejects.toThrow(
      `StagingDir "${dir}" is in use by process ${process.pid}`,
    );
    await first.stop();
    await second.stop();
  });
});
