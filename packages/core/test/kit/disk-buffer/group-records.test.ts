import { describe, expect, it } from 'vitest';
import { openBuffer } from '../../../src/kit/disk-buffer/open-buffer.js';
import { groupRecords, recordGroup } from '../../../src/kit/disk-buffer/group-records.js';
import type { BufferRecord } from '../../../src/kit/disk-buffer/types.js';
import { encodeLogGroup } from '../../../src/loggroup/codec.js';
import type { Log, LogGroup } from '../../../src/loggroup/types.js';
import { tempDir } from './helpers.js';

const utf8Length = (text: string) => Buffer.byteLength(text, 'utf8');

function log(time: number, contents: Record<string, string>): Log {
  return { Time: time, Contents: Object.entries(contents).map(([Key, Value]) => ({ Key, Value })) };
}

const logs = (count: number, size = 10, start = 0): Log[] =>
  Array.from({ length: count }, (_, i) =>
    log(1700000000 + start + i, { seq: String(start + i), body: 'x'.repeat(size) }),
  );

/** A decoded log as the plain shape it was built from. */
const plainLog = (l: Log): Log => ({
  Time: l.Time,
  Contents: l.Contents.map(({ Key, Value }) => ({ Key, Value })),
});

const seqs = (list: readonly Log[]) =>
  list.map((l) => l.Contents.find((c) => c.Key === 'seq')!.Value);

function decodeAll(records: readonly BufferRecord[]) {
  return records.map((record) => {
    const { logstore, group } = recordGroup(record);
    return { logstore, group, logs: record.logs, bytes: record.data.length };
  });
}

function expectGroupFields(group: LogGroup, like: LogGroup): void {
  expect(group.Topic).toBe(like.Topic);
  expect(group.Source).toBe(like.Source);
  expect(group.Category).toBe(like.Category);
  expect(group.MachineUUID).toBe(like.MachineUUID);
  expect(group.LogTags.map(({ Key, Value }) => ({ Key, Value }))).toEqual(like.LogTags);
}

const first: LogGroup = {
  Topic: 'access',
  Source: '10.0.0.7',
  Category: 'nginx',
  MachineUUID: 'm-1',
  LogTags: [
    { Key: '__hostname__', Value: 'web-1' },
    { Key: 'zone', Value: 'eu-west-1a' },
  ],
  Logs: [log(1700000000, { method: 'GET', path: '/' }), log(1700000001, { a: '"q"\n', é: 'ü' })],
};
const second: LogGroup = { LogTags: [], Logs: [log(1, {}), log(2, { k: 'v' }), log(3, { k: '' })] };

describe('groupRecords and recordGroup', () => {
  it('round-trip groups: the same logstore, group fields and logs, with log counts', () => {
    const { records, oversized } = groupRecords('app-logs', [first, second], 1 << 20);
    expect(oversized).toEqual([]);
    expect(records.map((r) => r.logs)).toEqual([2, 3]);
    const decoded = decodeAll(records);
    expect(decoded.map((d) => d.logstore)).toEqual(['app-logs', 'app-logs']);
    expectGroupFields(decoded[0]!.group, first);
    expectGroupFields(decoded[1]!.group, second);
    expect(decoded[1]!.group.Topic).toBeUndefined();
    expect(decoded[0]!.group.Logs.map(plainLog)).toEqual(first.Logs);
    expect(decoded[1]!.group.Logs.map(plainLog)).toEqual(second.Logs);
  });

  it('lays a record out as u32le logstore length, logstore, then the LogGroup', () => {
    const { records } = groupRecords('app', [second], 1 << 20);
    const data = Buffer.from(records[0]!.data);
    expect(data.readUInt32LE(0)).toBe(3);
    expect(data.subarray(4, 7).toString()).toBe('app');
    expect(new Uint8Array(data.subarray(7))).toEqual(encodeLogGroup(second));
  });

  it('skips groups without logs, and gives nothing for no groups', () => {
    expect(groupRecords('s', [], 1024)).toEqual({ records: [], oversized: [] });
    const empty: LogGroup = { Topic: 't', LogTags: [], Logs: [] };
    const { records, oversized } = groupRecords('s', [empty, second, empty], 1024);
    expect(oversized).toEqual([]);
    expect(records.map((r) => r.logs)).toEqual([3]);
  });

  it('splits a group larger than maxDataBytes into groups within it, keeping fields and order', () => {
    const big: LogGroup = { ...first, Logs: logs(41, 80) };
    const maxDataBytes = 1000;
    expect(4 + utf8Length('store') + encodeLogGroup(big).length).toBeGreaterThan(maxDataBytes * 3);
    const { records, oversized } = groupRecords('store', [big, second], maxDataBytes);
    expect(oversized).toEqual([]);
    expect(records.length).toBeGreaterThan(4);
    const decoded = decodeAll(records);
    for (const d of decoded) {
      expect(d.bytes).toBeLessThanOrEqual(maxDataBytes);
      expect(d.logstore).toBe('store');
      expect(d.logs).toBe(d.group.Logs.length);
      expect(d.logs).toBeGreaterThan(0);
    }
    // The split groups come first, in order, then the next group unsplit.
    const last = decoded.at(-1)!;
    expect(last.group.Logs.map(plainLog)).toEqual(second.Logs);
    const parts = decoded.slice(0, -1);
    for (const part of parts) expectGroupFields(part.group, first);
    expect(parts.flatMap((p) => p.group.Logs.map(plainLog))).toEqual(big.Logs);
    expect(records.reduce((sum, r) => sum + r.logs, 0)).toBe(41 + 3);
  });

  it('keeps a group that fits exactly in one record, and splits it one byte below', () => {
    const group: LogGroup = { Topic: 't', LogTags: [], Logs: logs(4, 30) };
    const exact = 4 + utf8Length('s') + encodeLogGroup(group).length;
    const fits = groupRecords('s', [group], exact);
    expect(fits.records.map((r) => [r.data.length, r.logs])).toEqual([[exact, 4]]);
    const split = groupRecords('s', [group], exact - 1);
    expect(split.records.map((r) => r.logs)).toEqual([2, 2]);
    expect(split.oversized).toEqual([]);
  });

  it('puts a single log larger than the limit in oversized, with its group fields', () => {
    const huge = log(1700000100, { seq: 'huge', body: 'y'.repeat(2000) });
    const [a, b, c] = logs(3, 10);
    const group: LogGroup = { ...first, Logs: [a!, huge, b!, c!] };
    const { records, oversized } = groupRecords('store', [group], 500);
    expect(oversized).toHaveLength(1);
    expect(oversized[0]!.Logs).toEqual([huge]);
    expectGroupFields(oversized[0]!, first);
    const decoded = decodeAll(records);
    for (const d of decoded) {
      expect(d.bytes).toBeLessThanOrEqual(500);
      expectGroupFields(d.group, first);
    }
    expect(decoded.flatMap((d) => seqs(d.group.Logs))).toEqual(['0', '1', '2']);
    expect(records.reduce((sum, r) => sum + r.logs, 0)).toBe(3);

    // A group of just that log is oversized as it is.
    const alone: LogGroup = { Topic: 'solo', LogTags: [], Logs: [huge] };
    expect(groupRecords('store', [alone], 500)).toEqual({ records: [], oversized: [alone] });
  });

  it('counts a logstore in UTF-8 bytes and gives unicode logstores back', () => {
    const logstore = '日志-📦-ストア';
    expect(utf8Length(logstore)).toBe(21);
    const { records } = groupRecords(logstore, [second], 1 << 20);
    expect(Buffer.from(records[0]!.data).readUInt32LE(0)).toBe(21);
    const [decoded] = decodeAll(records);
    expect(decoded!.logstore).toBe(logstore);
    expect(decoded!.group.Logs.map(plainLog)).toEqual(second.Logs);

    // The limit counts the logstore's bytes, not its characters.
    const exact = 4 + 21 + encodeLogGroup(second).length;
    expect(groupRecords(logstore, [second], exact).records).toHaveLength(1);
    expect(groupRecords(logstore, [second], exact - 1).records).toHaveLength(2);

    const [none] = decodeAll(groupRecords('', [second], 1 << 20).records);
    expect(none!.logstore).toBe('');
  });

  it.each(['memory', 'disk'] as const)(
    'reads records back from a %s buffer into the same groups',
    async (type) => {
      const buffer = await openBuffer({
        Type: type,
        Path: type === 'disk' ? tempDir() : '',
        MaxBytes: 1 << 20,
        WhenFull: 'block',
      });
      const big: LogGroup = { ...first, Logs: logs(30, 50) };
      const { records } = groupRecords('ストア', [big, second], 800);
      expect(records.length).toBeGreaterThan(2);
      expect(await buffer.append(records)).toBe('stored');
      const batch = await buffer.read({ maxRecords: 1000, maxBytes: 1 << 20 });
      expect(batch!.records).toHaveLength(records.length);
      const decoded = decodeAll(batch!.records);
      expect(decoded.every((d) => d.logstore === 'ストア')).toBe(true);
      expect(decoded.flatMap((d) => d.group.Logs.map(plainLog))).toEqual([
        ...big.Logs,
        ...second.Logs,
      ]);
      expect(batch!.logs).toBe(33);
      await buffer.ack(batch!);
      await buffer.close();
    },
  );
});
