import { decodeLogGroup, encodeLogGroup } from '../../loggroup/codec.js';
import type { LogGroup } from '../../loggroup/types.js';
import type { BufferRecord } from './types.js';

/*
 * A LogGroup as a buffer record: the logstore's UTF-8 length (u32 little-endian), the logstore,
 * then the group as sls_logs LogGroup protobuf. A group too large for one record is split into
 * groups of fewer logs, each with the group's topic, source and tags.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A record made by groupRecords. It keeps the group it was made from: a disk buffer hands the
 * very record back to a read in the same run (while it keeps it, see DiskBuffer), and then
 * recordGroup needs no decoding. So the group must not be changed once it is flushed.
 */
export interface GroupRecord extends BufferRecord {
  readonly source: { readonly logstore: string; readonly group: LogGroup };
}

export interface GroupRecords {
  readonly records: GroupRecord[];
  /** Groups of one log that is larger than a record may be on its own: they cannot be buffered. */
  readonly oversized: LogGroup[];
}

/** `groups` as records of at most `maxDataBytes` bytes each, in order. */
export function groupRecords(
  logstore: string,
  groups: readonly LogGroup[],
  maxDataBytes: number,
): GroupRecords {
  const prefix = encoder.encode(logstore);
  const result: GroupRecords = { records: [], oversized: [] };
  const add = (group: LogGroup): void => {
    const body = encodeLogGroup(group);
    if (4 + prefix.length + body.length <= maxDataBytes) {
      const data = new Uint8Array(4 + prefix.length + body.length);
      new DataView(data.buffer).setUint32(0, prefix.length, true);
      data.set(prefix, 4);
      data.set(body, 4 + prefix.length);
      result.records.push({ data, logs: group.Logs.length, source: { logstore, group } });
    } else if (group.Logs.length <= 1) {
      result.oversized.push(group);
    } else {
      const half = Math.ceil(group.Logs.length / 2);
      add({ ...group, Logs: group.Logs.slice(0, half) });
      add({ ...group, Logs: group.Logs.slice(half) });
    }
  };
  for (const group of groups) if (group.Logs.length > 0) add(group);
  return result;
}

/** The logstore and LogGroup of a record made by groupRecords (read back from disk or not). */
export function recordGroup(record: BufferRecord): { logstore: string; group: LogGroup } {
  const { source } = record as Partial<GroupRecord>;
  if (source !== undefined) return source;
  const { data } = record;
  const length = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(0, true);
  return {
    logstore: decoder.decode(data.subarray(4, 4 + length)),
    group: decodeLogGroup(data.subarray(4 + length)),
  };
}
