import { readFileSync, truncateSync, writeFileSync, appendFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bufferFrameHeaderBytes as header } from '../../../src/index.js';
import { drain, ids, open, record, segments, tempDir } from './helpers.js';

/** A closed buffer in a new directory holding `count` records of 30 data bytes (50 on disk). */
async function filled(count: number, segmentBytes = 1 << 16): Promise<string> {
  const dir = tempDir();
  const { buffer } = await open({ Path: dir, SegmentBytes: segmentBytes });
  for (const id of ids('d', count)) await buffer.append([record(id, 3, 30)]);
  await buffer.close();
  return dir;
}

const frame = 30 + header;

function flip(file: string, at: number): void {
  const bytes = readFileSync(file);
  bytes[at] = bytes[at]! ^ 0x40;
  writeFileSync(file, bytes);
}

describe('damage in the disk buffer', () => {
  it('skips a segment truncated in the middle of a record, counting it', async () => {
    const dir = await filled(10);
    const file = path.join(dir, segments(dir)[0]!.name);
    truncateSync(file, 7 * frame + 25);
    const { buffer, damage, metrics } = await open({ Path: dir });
    expect(damage).toEqual([
      { file, offset: 7 * frame, bytes: 25, records: 1, logs: 0, atOpen: true },
    ]);
    expect(metrics.get('buffer_corrupt_records')).toBe(1);
    expect(metrics.get('buffer_corrupt_bytes')).toBe(25);
    expect(buffer.corruption).toEqual({ records: 1, bytes: 25, logs: 0 });
    expect(buffer.recovered.records).toBe(7);
    await buffer.append([record('next', 1, 30)]);
    expect(await drain(buffer)).toEqual([...ids('d', 7), 'next']);
    await buffer.close();
    // Counted once: the damage was behind the acknowledged position, and its segment is gone.
    const again = await open({ Path: dir });
    expect(again.damage).toEqual([]);
    expect(await drain(again.buffer)).toEqual([]);
    await again.buffer.close();
  });

  it('skips a torn header at the end (a crash while writing)', async () => {
    const dir = await filled(4);
    const file = path.join(dir, segments(dir)[0]!.name);
    appendFileSync(file, Buffer.from([0x46, 0x42, 0x46, 0x4c, 9, 9])); // the magic, then cut off
    const { buffer, damage } = await open({ Path: dir });
    expect(damage.map((d) => [d.offset, d.bytes])).toEqual([[4 * frame, 6]]);
    expect(await drain(buffer)).toEqual(ids('d', 4));
    await buffer.close();
  });

  it('delivers the records after a flipped byte in a record, counting the one lost with its logs', async () => {
    const dir = await filled(10);
    const file = path.join(dir, segments(dir)[0]!.name);
    flip(file, 4 * frame + header + 10);
    const { buffer, damage, metrics } = await open({ Path: dir });
    expect(damage).toEqual([
      { file, offset: 4 * frame, bytes: frame, records: 1, logs: 3, atOpen: true },
    ]);
    expect(metrics.get('buffer_corrupt_events')).toBe(3);
    expect(await drain(buffer)).toEqual(ids('d', 10).filter((id) => id !== 'd4'));
    await buffer.close();
  });

  it('resynchronizes on the next valid frame after a flipped byte in a header', async () => {
    for (const at of [0, 4, 8, 12, 16]) {
      const dir = await filled(10);
      const file = path.join(dir, segments(dir)[0]!.name);
      flip(file, 6 * frame + at);
      const { buffer, damage } = await open({ Path: dir });
      // A header that is not trusted gives no length: everything up to the next valid header is skipped.
      expect(damage.map((d) => [d.offset, d.bytes, d.records])).toEqual([[6 * frame, frame, 1]]);
      expect(await drain(buffer)).toEqual(ids('d', 10).filter((id) => id !== 'd6'));
      await buffer.close();
    }
  });

  it('skips garbage between records and in front of them', async () => {
    const dir = await filled(3);
    const file = path.join(dir, segments(dir)[0]!.name);
    const bytes = readFileSync(file);
    const garbage = Buffer.alloc(3000, 0xab);
    writeFileSync(
      file,
      Buffer.concat([garbage, bytes.subarray(0, frame), garbage, bytes.subarray(frame)]),
    );
    const { buffer, damage, metrics } = await open({ Path: dir });
    expect(damage.map((d) => [d.offset, d.bytes])).toEqual([
      [0, 3000],
      [3000 + frame, 3000],
    ]);
    expect(metrics.get('buffer_corrupt_bytes')).toBe(6000);
    expect(await drain(buffer)).toEqual(ids('d', 3));
    await buffer.close();
  });

  it('drops a segment that holds only damage, and reads the next one', async () => {
    const dir = await filled(12, 256 + 3 * 50);
    // Segments of 8 records (400 bytes) each: 000001 with d0…d7, 000002 with d8…d11.
    expect(segments(dir).map((s) => s.size)).toEqual([400, 200]);
    const first = path.join(dir, segments(dir)[0]!.name);
    writeFileSync(first, Buffer.alloc(400, 0));
    const { buffer, damage } = await open({ Path: dir });
    expect(damage.map((d) => [path.basename(d.file), d.offset, d.bytes])).toEqual([
      ['000000000001.seg', 0, 400],
    ]);
    expect(segments(dir).map((s) => s.name)).toEqual(['000000000002.seg']);
    expect(await drain(buffer)).toEqual(ids('d', 12).slice(8));
    await buffer.close();
  });

  it('reads from the oldest segment when the position file is damaged (records come again, none is lost)', async () => {
    const dir = tempDir();
    const first = await open({ Path: dir });
    await first.buffer.append(ids('p', 6).map((id) => record(id)));
    const batch = await first.buffer.read({ maxRecords: 2, maxBytes: 1 << 20 });
    await first.buffer.ack(batch!);
    await first.buffer.close();
    writeFileSync(path.join(dir, 'position'), 'not a position');
    const second = await open({ Path: dir });
    expect(second.warnings.join('\n')).toMatch(/BUFFER_POSITION_ALARM: .*position file is damaged/);
    expect(await drain(second.buffer)).toEqual(ids('p', 6));
    await second.buffer.close();
  });
});
