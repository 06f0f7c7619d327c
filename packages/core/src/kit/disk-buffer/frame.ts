import { crc32 } from './crc32.js';

/*
 * One record on disk is one frame: a 20-byte header, then the record's bytes.
 *
 *   offset  size  field (little-endian)
 *   0       4     magic 0x4C46_4246 ("FBFL" on disk): where a frame may start, for resynchronizing
 *   4       4     length of the record's bytes
 *   8       4     logs: the number of logs the record carries (the flusher's count)
 *   12      4     CRC-32 of the record's bytes
 *   16      4     CRC-32 of bytes 0..15: a damaged length is never trusted
 *
 * A header whose checksum holds gives a length that can be trusted, so a record whose bytes are
 * damaged is skipped exactly; a damaged header is skipped by searching for the next position
 * where a header's checksum holds.
 */

export const FRAME_MAGIC = 0x4c46_4246;
export const FRAME_HEADER_BYTES = 20;
/** The largest length a header may give (the record's bytes); a record is also bounded by its segment. */
export const MAX_RECORD_BYTES = 0x7fff_ffff;

/** The bytes a record of `dataBytes` takes on disk. */
export function frameBytes(dataBytes: number): number {
  return FRAME_HEADER_BYTES + dataBytes;
}

/** Writes the frame of `data` (carrying `logs`) into `target` at `at`; returns where it ends. */
export function writeFrame(target: Buffer, at: number, data: Uint8Array, logs: number): number {
  target.writeUInt32LE(FRAME_MAGIC, at);
  target.writeUInt32LE(data.length, at + 4);
  target.writeUInt32LE(logs, at + 8);
  target.writeUInt32LE(crc32(data), at + 12);
  target.writeUInt32LE(crc32(target.subarray(at, at + 16)), at + 16);
  target.set(data, at + FRAME_HEADER_BYTES);
  return at + FRAME_HEADER_BYTES + data.length;
}

/** What the bytes at one position are. */
export type FrameProbe =
  /** A whole frame whose checksums hold; `data` is a view of the bytes it was read from. */
  | { readonly kind: 'frame'; readonly end: number; readonly logs: number; readonly data: Buffer }
  /** A valid header whose record's bytes are damaged: skip to `end`; `logs` were lost. */
  | { readonly kind: 'damaged'; readonly end: number; readonly logs: number }
  /** No valid header starts here. */
  | { readonly kind: 'invalid' }
  /** `bytes` bytes from the position are needed to tell (the header, or the whole frame). */
  | { readonly kind: 'short'; readonly bytes: number };

/** Whether a valid header starts at `at` in `bytes` (which must hold the header's 20 bytes). */
function headerHolds(bytes: Buffer, at: number): boolean {
  return (
    bytes.readUInt32LE(at) === FRAME_MAGIC &&
    bytes.readUInt32LE(at + 16) === crc32(bytes.subarray(at, at + 16)) &&
    bytes.readUInt32LE(at + 4) <= MAX_RECORD_BYTES
  );
}

/** Looks at the frame that may start at `at` in `bytes`. */
export function probeFrame(bytes: Buffer, at: number): FrameProbe {
  if (bytes.length - at < FRAME_HEADER_BYTES) return { kind: 'short', bytes: FRAME_HEADER_BYTES };
  if (!headerHolds(bytes, at)) return { kind: 'invalid' };
  const length = bytes.readUInt32LE(at + 4);
  const total = FRAME_HEADER_BYTES + length;
  if (bytes.length - at < total) return { kind: 'short', bytes: total };
  const logs = bytes.readUInt32LE(at + 8);
  const end = at + total;
  const data = bytes.subarray(at + FRAME_HEADER_BYTES, end);
  if (crc32(data) !== bytes.readUInt32LE(at + 12)) return { kind: 'damaged', end, logs };
  return { kind: 'frame', end, logs, data };
}

/**
 * The first position after `from` in `bytes` where a valid header starts, or undefined; a header
 * cut off by the end of `bytes` is not looked at, so search again from `bytes.length - 19` once
 * more bytes are there.
 */
export function findHeader(bytes: Buffer, from: number): number | undefined {
  const magic = Buffer.alloc(4);
  magic.writeUInt32LE(FRAME_MAGIC);
  for (let at = bytes.indexOf(magic, from); at !== -1; at = bytes.indexOf(magic, at + 1)) {
    if (bytes.length - at < FRAME_HEADER_BYTES) return undefined;
    if (headerHolds(bytes, at)) return at;
  }
  return undefined;
}
