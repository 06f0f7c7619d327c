import { describe, expect, it } from 'vitest';
import { BufferClosedError } from '../../../src/index.js';
import { diskBytes, drain, idOf, ids, open, record, segments, tempDir } from './helpers.js';

// 100 data bytes + 20 of frame: 120 bytes a record, 8 records in a 1024-byte segment.
const small = { MaxBytes: 4096, SegmentBytes: 1024 };
const bound = small.MaxBytes + small.SegmentBytes;

describe.each(['memory', 'disk'] as const)('WhenFull with the %s buffer', (type) => {
  const options = () => ({ ...small, ...(type === 'disk' ? { Path: tempDir() } : {}) });

  it('drop_newest: drops the appends past MaxBytes, counts them exactly, and stores again once there is room', async () => {
    const settings = options();
    const { buffer, metrics, warnings } = await open({ ...settings, WhenFull: 'drop_newest' });
    const results: string[] = [];
    for (const id of ids('x', 100)) {
      results.push(await buffer.append([record(id, 2, 100)]));
      expect(buffer.usedBytes).toBeLessThanOrEqual(bound);
      if (settings.Path !== undefined) expect(diskBytes(settings.Path)).toBeLessThanOrEqual(bound);
      expect(buffer.full).toBe(false); // drop_newest never holds the flusher back
    }
    // Admitted while under MaxBytes: 35 records (34 · 120 = 4080 < 4096), the rest dropped.
    const dropped = results.filter((r) => r === 'dropped').length;
    expect(results.slice(0, 35)).toEqual(Array(35).fill('stored'));
    expect(dropped).toBe(65);
    expect(buffer.drops).toEqual({ appends: 65, records: 65, logs: 130 });
    expect(metrics.get('dropped_events')).toBe(130);
    expect(warnings.filter((w) => w.startsWith('BUFFER_FULL_ALARM'))).toHaveLength(1);
    expect(await drain(buffer)).toEqual(ids('x', 35));
    expect(await buffer.append([record('y', 2, 100)])).toBe('stored');
    expect(await buffer.append([record('z', 2, 100)])).toBe('stored');
    await buffer.close();
  });

  it('block: reports full at MaxBytes, holds later appends in order until acknowledgements make room', async () => {
    const settings = options();
    const { buffer, metrics } = await open({ ...settings, WhenFull: 'block' });
    for (const id of ids('b', 35)) expect(await buffer.append([record(id, 1, 100)])).toBe('stored');
    expect(buffer.full).toBe(true);
    const settled: string[] = [];
    const blocked = ids('w', 10).map((id) =>
      buffer.append([record(id, 1, 100)]).then((result) => {
        settled.push(`${id}:${result}`);
        expect(buffer.usedBytes).toBeLessThanOrEqual(bound);
        if (settings.Path !== undefined)
          expect(diskBytes(settings.Path)).toBeLessThanOrEqual(bound);
      }),
    );
    const first = await buffer.read({ maxRecords: 4, maxBytes: 1 << 20 });
    await buffer.ack(first!);
    // Not a whole segment yet (disk) / 480 bytes freed (memory).
    await new Promise((resolve) => setImmediate(resolve));
    if (type === 'disk') expect(settled).toEqual([]);
    const rest = [...first!.records.map((r) => idOf(r.data))];
    while (rest.length < 45) {
      const batch = await buffer.read({ maxRecords: 4, maxBytes: 1 << 20 });
      rest.push(...batch!.records.map((r) => idOf(r.data)));
      await buffer.ack(batch!);
    }
    await Promise.all(blocked);
    expect(settled).toEqual(ids('w', 10).map((id) => `${id}:stored`));
    expect(rest).toEqual([...ids('b', 35), ...ids('w', 10)]);
    expect(buffer.full).toBe(false);
    expect(metrics.get('dropped_events')).toBe(0);
    await buffer.close();
  });

  it('block: close rejects the appends still waiting for room; nothing stored is lost', async () => {
    const settings = options();
    const { buffer } = await open({ ...settings, WhenFull: 'block' });
    for (const id of ids('b', 35)) await buffer.append([record(id, 1, 100)]);
    const waiting = expect(buffer.append([record('late', 1, 100)])).rejects.toBeInstanceOf(
      BufferClosedError,
    );
    await buffer.close();
    await waiting;
    if (settings.Path !== undefined) {
      const again = await open({ ...settings });
      expect(await drain(again.buffer)).toEqual(ids('b', 35));
      await again.buffer.close();
      expect(segments(settings.Path).length).toBeLessThanOrEqual(1);
    }
  });
});
