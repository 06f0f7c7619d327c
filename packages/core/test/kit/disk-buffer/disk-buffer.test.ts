import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BufferClosedError,
  BufferLockedError,
  bufferFrameHeaderBytes,
  type BufferRecord,
} from '../../../src/index.js';
import { diskBytes, drain, idOf, ids, open, record, segments, tempDir } from './helpers.js';

describe.each(['memory', 'disk'] as const)('the %s buffer', (type) => {
  const options = () => (type === 'disk' ? { Path: tempDir() } : {});

  it('reads appended records back in order, in batches within the limits', async () => {
    const { buffer } = await open({ ...options(), SegmentBytes: 1024 });
    expect(await buffer.append(ids('a', 5).map((id) => record(id, 2)))).toBe('stored');
    expect(await buffer.append([record('b0', 3, 100), record('b1', 1, 100)])).toBe('stored');
    expect(buffer.backlog).toEqual({
      records: 7,
      logs: 14,
      bytes: 7 * bufferFrameHeaderBytes + 5 * 2 + 200,
    });
    const first = await buffer.read({ maxRecords: 3, maxBytes: 1 << 20 });
    expect(first!.records.map((r) => idOf(r.data))).toEqual(['a0', 'a1', 'a2']);
    expect(first!.logs).toBe(6);
    // maxBytes: at least one record, then only what fits.
    const second = await buffer.read({ maxRecords: 10, maxBytes: 50 });
    expect(second!.records.map((r) => idOf(r.data))).toEqual(['a3', 'a4']);
    const third = await buffer.read({ maxRecords: 10, maxBytes: 1 });
    expect(third!.records.map((r) => idOf(r.data))).toEqual(['b0']);
    expect(third!.logs).toBe(3);
    await buffer.ack(first!);
    await buffer.ack(second!);
    await buffer.ack(third!);
    expect(buffer.backlog).toEqual({ records: 1, logs: 1, bytes: bufferFrameHeaderBytes + 100 });
    expect(await drain(buffer)).toEqual(['b1']);
    expect(buffer.backlog).toEqual({ records: 0, logs: 0, bytes: 0 });
    await buffer.close();
  });

  it('keeps the order of concurrent appends, and a read waits for the next append', async () => {
    const { buffer } = await open(options());
    const waiting = buffer.read({ maxRecords: 100, maxBytes: 1 << 20 });
    const appends = ids('c', 50).map((id) => buffer.append([record(id), record(`${id}+`)]));
    expect(await Promise.all(appends)).toEqual(Array(50).fill('stored'));
    const got = [...(await waiting)!.records.map((r) => idOf(r.data))];
    for (;;) {
      if (got.length === 100) break;
      const batch = await buffer.read({ maxRecords: 100, maxBytes: 1 << 20 });
      got.push(...batch!.records.map((r) => idOf(r.data)));
    }
    expect(got).toEqual(ids('c', 50).flatMap((id) => [id, `${id}+`]));
    await buffer.close();
  });

  it('ends waiting reads at close, and refuses appends after it', async () => {
    const { buffer } = await open(options());
    const waiting = buffer.read({ maxRecords: 1, maxBytes: 1 });
    await buffer.close();
    expect(await waiting).toBeUndefined();
    expect(await buffer.read({ maxRecords: 1, maxBytes: 1 })).toBeUndefined();
    await expect(buffer.append([record('late')])).rejects.toBeInstanceOf(BufferClosedError);
  });

  it('refuses what it cannot hold and what is not its own', async () => {
    const { buffer } = await open({ ...options(), MaxBytes: 4096, SegmentBytes: 1024 });
    await expect(buffer.append([record('big', 1, 1024)])).rejects.toThrow(
      /records\[0\]: 1044 bytes with its frame, more than SegmentBytes \(1024\)/,
    );
    await expect(buffer.append([{ data: Buffer.from('x'), logs: -1 }])).rejects.toThrow(
      /records\[0\]\.logs/,
    );
    await expect(buffer.append(ids('r', 60).map((id) => record(id, 1, 80)))).rejects.toThrow(
      /larger than MaxBytes and one segment together \(5120\)/,
    );
    await expect(buffer.read({ maxRecords: 0, maxBytes: 1 })).rejects.toThrow(/maxRecords/);
    await expect(buffer.ack({ records: [], logs: 0, bytes: 0 })).rejects.toThrow(/not read from/);
    expect(buffer.backlog.records).toBe(0);
    await buffer.close();
  });
});

describe('the disk buffer', () => {
  it('hands a read in the same run the very records it wrote, up to 8 MiB of them; beyond, and after a restart, the bytes from disk', async () => {
    const dir = tempDir();
    const first = await open({ Path: dir, MaxBytes: 64 << 20, SegmentBytes: 2 << 20 });
    // 12 records of 1 MiB: the first 8 are kept in memory, the other 4 are read from disk.
    const written = ids('big', 12).map((id) => record(id, 3, 1 << 20));
    for (const one of written) await first.buffer.append([one]);
    const seen: BufferRecord[] = [];
    while (seen.length < 12) {
      const batch = await first.buffer.read({ maxRecords: 5, maxBytes: 64 << 20 });
      seen.push(...batch!.records);
    }
    expect(seen.map((one) => idOf(one.data))).toEqual(ids('big', 12));
    expect(seen.slice(0, 8).every((one, i) => one === written[i])).toBe(true);
    expect(seen.slice(8).some((one, i) => one === written[8 + i])).toBe(false);
    for (const [i, one] of seen.entries())
      expect(Buffer.compare(one.data, written[i]!.data)).toBe(0);
    await first.buffer.close();

    const second = await open({ Path: dir, MaxBytes: 64 << 20, SegmentBytes: 2 << 20 });
    const again = await second.buffer.read({ maxRecords: 12, maxBytes: 64 << 20 });
    expect(again!.records.map((one) => idOf(one.data))).toEqual(ids('big', 12));
    expect(again!.records.some((one, i) => one === written[i])).toBe(false);
    expect(second.damage).toEqual([]);
    await second.buffer.close();
  });

  it('delivers after a restart what was not acknowledged, in order, from the acknowledged position', async () => {
    const dir = tempDir();
    const first = await open({ Path: dir, SegmentBytes: 1024 });
    for (const id of ids('r', 40)) await first.buffer.append([record(id, 2, 50)]);
    const read = await first.buffer.read({ maxRecords: 15, maxBytes: 1 << 20 });
    const unacked = await first.buffer.read({ maxRecords: 5, maxBytes: 1 << 20 });
    await first.buffer.ack(read!);
    expect(unacked!.records).toHaveLength(5);
    await first.buffer.close();

    const second = await open({ Path: dir, SegmentBytes: 1024 });
    expect(second.buffer.recovered).toEqual({ records: 25, logs: 50, bytes: 25 * 70 });
    expect(second.buffer.backlog).toEqual(second.buffer.recovered);
    // Appends after the restart come after what was left.
    await second.buffer.append([record('new')]);
    expect(await drain(second.buffer)).toEqual([...ids('r', 40).slice(15), 'new']);
    await second.buffer.close();

    const third = await open({ Path: dir, SegmentBytes: 1024 });
    expect(third.buffer.recovered.records).toBe(0);
    expect(await drain(third.buffer)).toEqual([]);
    expect(third.damage).toEqual([]);
    await third.buffer.close();
  });

  it('keeps the position of batches acknowledged out of order only as far as all before them are', async () => {
    const dir = tempDir();
    const first = await open({ Path: dir });
    await first.buffer.append(ids('o', 9).map((id) => record(id)));
    const a = await first.buffer.read({ maxRecords: 3, maxBytes: 1 << 20 });
    const b = await first.buffer.read({ maxRecords: 3, maxBytes: 1 << 20 });
    const c = await first.buffer.read({ maxRecords: 3, maxBytes: 1 << 20 });
    await first.buffer.ack(c!);
    await first.buffer.ack(a!);
    expect(first.buffer.backlog.records).toBe(3);
    await first.buffer.close();
    const second = await open({ Path: dir });
    // b was never acknowledged: it comes again, and c (acknowledged after it) with it.
    expect(await drain(second.buffer)).toEqual(['o3', 'o4', 'o5', 'o6', 'o7', 'o8']);
    await second.buffer.close();
    expect(b!.records).toHaveLength(3);
  });

  it('deletes whole acknowledged segments, and keeps the position in an atomic file', async () => {
    const dir = tempDir();
    const { buffer } = await open({ Path: dir, SegmentBytes: 1024, MaxBytes: 1 << 20 });
    // 100 data bytes + 20 of frame: 8 records per 1024-byte segment.
    for (const id of ids('s', 40)) await buffer.append([record(id, 1, 100)]);
    expect(segments(dir).map((s) => s.size)).toEqual([960, 960, 960, 960, 960]);
    expect(diskBytes(dir)).toBe(buffer.usedBytes);
    const batch = await buffer.read({ maxRecords: 20, maxBytes: 1 << 20 });
    await buffer.ack(batch!);
    // 20 records: the first two segments are acknowledged whole.
    expect(segments(dir).map((s) => s.name)).toEqual([
      '000000000003.seg',
      '000000000004.seg',
      '000000000005.seg',
    ]);
    expect(readFileSync(path.join(dir, 'position'))).toHaveLength(24);
    expect(existsSync(path.join(dir, 'position.tmp'))).toBe(false);
    expect(await drain(buffer, 8)).toEqual(ids('s', 40).slice(20));
    // Everything acknowledged: only the segment being written remains.
    expect(segments(dir).map((s) => s.name)).toEqual(['000000000005.seg']);
    await buffer.close();
    const again = await open({ Path: dir, SegmentBytes: 1024 });
    // Nothing left to deliver in it: deleted at open.
    expect(segments(dir)).toEqual([]);
    await again.buffer.append([record('after')]);
    expect(segments(dir).map((s) => s.name)).toEqual(['000000000006.seg']);
    await again.buffer.close();
  });

  it('writes concurrent appends in few fsyncs and resolves each once it is stored', async () => {
    const dir = tempDir();
    const { buffer } = await open({ Path: dir });
    const results = await Promise.all(ids('g', 200).map((id) => buffer.append([record(id)])));
    expect(results.every((r) => r === 'stored')).toBe(true);
    await buffer.close();
    const again = await open({ Path: dir });
    expect(await drain(again.buffer, 50)).toEqual(ids('g', 200));
    await again.buffer.close();
  });

  it('is one buffer per directory', async () => {
    const dir = tempDir();
    const { buffer } = await open({ Path: dir });
    await expect(open({ Path: dir })).rejects.toBeInstanceOf(BufferLockedError);
    await buffer.close();
    const again = await open({ Path: dir });
    await again.buffer.close();
  });

  it('takes over a lock left by a process that is gone, or by an earlier process with the same pid', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'lock'), '2147483646 1\n'); // no such process
    const first = await open({ Path: dir });
    await first.buffer.close();
    // The parent's pid with another start time: a pid used again, as after a container restart.
    writeFileSync(path.join(dir, 'lock'), `${process.ppid} 1\n`);
    const second = await open({ Path: dir });
    await second.buffer.close();
    writeFileSync(path.join(dir, 'lock'), `${process.ppid}\n`); // a live process: in use
    await expect(open({ Path: dir })).rejects.toThrow(/in use by process/);
  });

  it('creates its directory', async () => {
    const dir = path.join(tempDir(), 'a', 'b');
    const { buffer } = await open({ Path: dir });
    await buffer.append([record('x')]);
    await buffer.close();
    expect(segments(dir)).toHaveLength(1);
  });
});
