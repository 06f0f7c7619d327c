import { frameBytes } from './frame.js';
import type { BufferRecord, ReadLimits } from './types.js';

/** The bytes and logs of an append, checked: every record must fit in one segment. */
export function measureRecords(
  records: readonly BufferRecord[],
  segmentBytes: number,
): { bytes: number; logs: number } {
  let bytes = 0;
  let logs = 0;
  for (const [i, record] of records.entries()) {
    if (!(record.data instanceof Uint8Array)) {
      throw new TypeError(`records[${i}].data: expected a Uint8Array`);
    }
    if (!Number.isInteger(record.logs) || record.logs < 0 || record.logs > 0xffff_ffff) {
      throw new RangeError(`records[${i}].logs: expected an integer from 0 to 4294967295`);
    }
    const size = frameBytes(record.data.length);
    if (size > segmentBytes) {
      throw new RangeError(
        `records[${i}]: ${size} bytes with its frame, more than SegmentBytes (${segmentBytes})`,
      );
    }
    bytes += size;
    logs += record.logs;
  }
  return { bytes, logs };
}

export function checkReadLimits(limits: ReadLimits): void {
  for (const key of ['maxRecords', 'maxBytes'] as const) {
    const value = limits[key];
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`read: ${key} must be a positive integer, given ${String(value)}`);
    }
  }
}
