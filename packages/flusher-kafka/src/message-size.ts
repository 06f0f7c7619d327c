/*
 * Sizes as a v2 record batch counts them, to keep each produce request's batches under
 * MaxMessageBytes (the broker's message.max.bytes applies to a whole batch). The overheads are
 * upper bounds of the varint-encoded record fields and the fixed batch header.
 */
export const batchOverhead = 61;
const recordOverhead = 40;
const headerOverhead = 10;

export interface HeaderEntry {
  readonly key: string;
  readonly value: string;
}

/** Bytes the headers add to every record. */
export function headersSize(headers: readonly HeaderEntry[]): number {
  let size = 0;
  for (const { key, value } of headers) {
    size += Buffer.byteLength(key) + Buffer.byteLength(value) + headerOverhead;
  }
  return size;
}

/** Bytes one record takes in a batch: value, key, headers and the record overhead. */
export function recordSize(
  valueBytes: number,
  key: string | undefined,
  headerBytes: number,
): number {
  return (
    valueBytes + (key === undefined ? 0 : Buffer.byteLength(key)) + headerBytes + recordOverhead
  );
}
