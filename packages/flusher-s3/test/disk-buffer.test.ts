import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { FlushFailedError } from '@logflush/core';
import { createLogGroup, createLogs, mockContext } from '@logflush/testkit';
import { plugin } from '../src/index.js';
import {
  closedEndpoint,
  frames,
  quickRetries,
  range,
  runFlusher,
  segmentBytes,
  segmentFiles,
  seqGroup,
} from './buffer-support.js';
import {
  eventually,
  listKeys,
  readObjects,
  readSeqs,
  removeTempDirs,
  serverDetail,
  tempDir,
  uniquePrefix,
} from './helpers.js';

afterEach(removeTempDirs);

/** A flusher whose S3 endpoint refuses every connection, with a disk buffer in `dir`. */
async function downDetail(dir: string, buffer: Record<string, unknown> = {}) {
  return {
    ...serverDetail(uniquePrefix(), { ...quickRetries, FlushInterval: '1h' }),
    Endpoint: await closedEndpoint(),
    Buffer: { Type: 'disk', Path: dir, ...buffer },
  };
}

describe('Buffer: {"Type": "disk"}', () => {
  it('resolves flush once the logs are in the buffer, and builds the same objects as without it', async () => {
    const memoryPrefix = uniquePrefix();
    const diskPrefix = uniquePrefix();
    const options = { Compression: 'none', MaxEvents: 4, FlushInterval: '1h' };
    const groups = [seqGroup(0, 6), seqGroup(6, 3)];
    await runFlusher(
      serverDetail(memoryPrefix, { ...options, KeyFormat: `${memoryPrefix}{index}-{uuid}{ext}` }),
      groups,
    );
    const dir = tempDir();
    const { context, stopped, flusher } = await runFlusher(
      {
        ...serverDetail(diskPrefix, { ...options, KeyFormat: `${diskPrefix}{index}-{uuid}{ext}` }),
        Buffer: { Type: 'disk', Path: dir },
      },
      groups,
    );
    expect(stopped).toBeUndefined();
    const memory = await readObjects(memoryPrefix);
    const disk = await readObjects(diskPrefix);
    const index = (key: string, prefix: string) =>
      key.slice(prefix.length).replace(/-[0-9a-f-]{36}/, '-U');
    expect(disk.map((object) => index(object.key, diskPrefix))).toEqual([
      '0-U.jsonl',
      '1-U.jsonl',
      '2-U.jsonl',
    ]);
    expect(disk.map((object) => index(object.key, diskPrefix))).toEqual(
      memory.map((object) => index(object.key, memoryPrefix)),
    );
    expect(disk.map((object) => object.text)).toEqual(memory.map((object) => object.text));
    expect(disk.map((object) => object.head.ContentType)).toEqual(
      memory.map((object) => object.head.ContentType),
    );
    expect(context.metrics.snapshot()).toMatchObject({
      in_events: 9,
      out_events: 9,
      out_objects: 3,
    });
    expect(flusher.backlog?.()).toEqual({ logs: 0, bytes: 0 });
  });

  it('starts with no S3 endpoint answering, keeps the logs, and a later start uploads them in order', async () => {
    const dir = tempDir();
    const detail = await downDetail(dir);
    const context = mockContext();
    const flusher = plugin.create(detail);
    await flusher.init(context);
    expect(flusher.isReady('p', 'l', 0n)).toBe(true);
    for (let i = 0; i < 4; i++) await flusher.flush('p', 'l', 'c', [seqGroup(i * 25, 25)]);
    expect(flusher.backlog?.()).toMatchObject({ logs: 100 });
    await flusher.stop();
    expect(context.metrics.snapshot()).toMatchObject({ out_events: 0, failed_events: 0 });

    const prefix = uniquePrefix();
    const up = await runFlusher({ ...serverDetail(prefix), Buffer: { Type: 'disk', Path: dir } });
    expect(up.stopped).toBeUndefined();
    expect(up.context.metrics.snapshot()).toMatchObject({ recovered_events: 100, out_events: 100 });
    expect(
      up.context.lines.filter((line) => line.level === 'info').map((line) => line.message),
    ).toContain(
      `flusher_s3: uploading 100 logs left in the disk buffer "${dir}" by an earlier run`,
    );
    expect(await readSeqs(prefix)).toEqual(range(0, 100));
  });

  it('without a disk buffer, init with no S3 endpoint answering fails clearly', async () => {
    const endpoint = await closedEndpoint();
    const flusher = plugin.create({
      ...serverDetail(uniquePrefix(), quickRetries),
      Endpoint: endpoint,
    });
    await expect(flusher.init(mockContext())).rejects.toThrow(
      new RegExp(
        `^flusher_s3: ListObjectsV2 \\(bucket check\\): cannot reach ${endpoint.replaceAll('.', '\\.')}: .*ECONNREFUSED`,
      ),
    );
    await flusher.stop();
  });

  it('bounds what it builds: with every delivery waiting for an open object, the biggest is uploaded early', async () => {
    const prefix = uniquePrefix();
    const context = mockContext();
    // MaxBufferedBytes 1 MiB: deliveries read 64 KiB each, at most 64 at once (4 MiB).
    const flusher = plugin.create({
      ...serverDetail(prefix, { FlushInterval: '1h', MaxBufferedBytes: 1024 * 1024 }),
      Buffer: { Type: 'disk', Path: tempDir() },
    });
    await flusher.init(context);
    const pad = 'p'.repeat(1000);
    for (let i = 0; i < 60; i++) {
      const logs = createLogs(100, {
        contents: (j) => ({ seq: String(i * 100 + j), pad }),
      });
      await flusher.flush('p', 'l', 'c', [createLogGroup({ logs })]);
    }
    // Nothing closes an object but the bound: FlushInterval is an hour away, and no stop yet.
    await eventually(async () => (await listKeys(prefix)).length > 0);
    expect(flusher.backlog?.()?.logs).toBeLessThan(6000);
    await flusher.stop();
    expect(await readSeqs(prefix)).toEqual(range(0, 6000));
    expect(context.metrics.get('failed_events')).toBe(0);
  });

  it('is not shared: a second flusher on the same Path fails to start', async () => {
    const dir = tempDir();
    const first = plugin.create({
      ...serverDetail(uniquePrefix()),
      Buffer: { Type: 'disk', Path: dir },
    });
    await first.init(mockContext());
    const second = plugin.create({
      ...serverDetail(uniquePrefix()),
      Buffer: { Type: 'disk', Path: dir },
    });
    await expect(second.init(mockContext())).rejects.toThrow(
      `flusher_s3: the buffer directory ${dir} is in use by process ${process.pid}; give each buffer its own Path`,
    );
    await first.stop();
    await second.stop();
  });
});

describe('Buffer.MaxBytes', () => {
  const bound = { MaxBytes: 16_384, SegmentBytes: 4096 };

  it('WhenFull drop_newest: counts every dropped log, and the disk stays within MaxBytes and a segment', async () => {
    const dir = tempDir();
    const context = mockContext();
    const flusher = plugin.create(await downDetail(dir, { ...bound, WhenFull: 'drop_newest' }));
    await flusher.init(context);
    let dropped = 0;
    for (let i = 0; i < 100; i++) {
      const error = await flusher
        .flush('p', 'l', 'c', [seqGroup(i * 5, 5)])
        .catch((e: unknown) => e);
      if (error === undefined) continue;
      expect(error).toBeInstanceOf(FlushFailedError);
      expect((error as Error).message).toBe(
        'flusher_s3: 5 logs dropped: the disk buffer is full (Buffer.WhenFull drop_newest)',
      );
      dropped += 5;
    }
    expect(dropped).toBeGreaterThan(0);
    expect(context.metrics.get('dropped_events')).toBe(dropped);
    expect(flusher.backlog?.()?.logs).toBe(500 - dropped);
    expect(segmentBytes(dir)).toBeLessThanOrEqual(bound.MaxBytes + bound.SegmentBytes);
    expect(context.metrics.get('failed_events')).toBe(0);
    await flusher.stop();
  });

  it('WhenFull block: isReady turns false at the bound, nothing is dropped', async () => {
    const dir = tempDir();
    const context = mockContext();
    const flusher = plugin.create(await downDetail(dir, bound));
    await flusher.init(context);
    let flushed = 0;
    while (flusher.isReady('p', 'l', 0n) && flushed < 500) {
      await flusher.flush('p', 'l', 'c', [seqGroup(flushed, 5)]);
      flushed += 5;
    }
    expect(flushed).toBeLessThan(500);
    expect(flusher.isReady('p', 'l', 0n)).toBe(false);
    expect(flusher.backlog?.()?.logs).toBe(flushed);
    expect(context.metrics.get('dropped_events')).toBe(0);
    expect(segmentBytes(dir)).toBeLessThanOrEqual(bound.MaxBytes + bound.SegmentBytes);
    await flusher.stop();
  });
});

describe('a damaged disk buffer', () => {
  it('skips a truncated segment tail and a record with a flipped byte, counts them, and uploads the rest', async () => {
    const dir = tempDir();
    // 30 flushes of 5 logs: one record each, several 4 KiB segments.
    await runFlusher(
      await downDetail(dir, { SegmentBytes: 4096 }),
      range(0, 30).map((i) => seqGroup(i * 5, 5)),
    );
    const segments = segmentFiles(dir);
    expect(segments.length).toBeGreaterThan(1);
    const first = frames(segments[0]!);
    const last = segments.at(-1)!;
    const lastFrames = frames(last);
    // A flipped byte in the data of the first segment's third record (flush 2)…
    const file = fs.readFileSync(segments[0]!);
    file[first[2]!.start + 30]! ^= 0xff;
    fs.writeFileSync(segments[0]!, file);
    // …and the last record (flush 29) cut off in the middle, as a crash would leave it.
    const tail = lastFrames.at(-1)!;
    fs.truncateSync(last, tail.start + Math.floor((tail.end - tail.start) / 2));

    const prefix = uniquePrefix();
    const { context, stopped } = await runFlusher({
      ...serverDetail(prefix),
      Buffer: { Type: 'disk', Path: dir, SegmentBytes: 4096 },
    });
    expect(stopped).toBeUndefined();
    expect(await readSeqs(prefix)).toEqual([...range(0, 10), ...range(15, 145)]);
    const flipped = first[2]!;
    const torn = Math.floor((tail.end - tail.start) / 2);
    expect(
      context.lines
        .filter((line) => line.alarmType === 'BUFFER_CORRUPT_ALARM')
        .map((line) => line.fields),
    ).toEqual([
      {
        file: segments[0],
        offset: flipped.start,
        bytes: flipped.end - flipped.start,
        records: 1,
        logs: 5,
        atOpen: true,
      },
      // A torn tail is a flush that had not resolved: its logs are not counted as lost.
      { file: last, offset: tail.start, bytes: torn, records: 1, logs: 0, atOpen: true },
    ]);
    expect(context.metrics.snapshot()).toMatchObject({
      buffer_corrupt_records: 2,
      buffer_corrupt_bytes: flipped.end - flipped.start + torn,
      buffer_corrupt_events: 5,
      recovered_events: 140,
      out_events: 140,
      failed_events: 0,
    });
  });
});
