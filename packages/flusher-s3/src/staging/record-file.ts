import fs from 'node:fs/promises';
import zlib from 'node:zlib';

/*
 * A staged object's lines, as records appended by each flush:
 *   u32 LE payload length | u32 LE log count | u32 LE CRC-32 of the payload | payload
 * A crash can leave the last record torn (a flush that had not resolved); reading stops at the
 * first record that is incomplete or fails its checksum.
 */
const headerBytes = 12;

const crc32: (data: Uint8Array) => number =
  typeof zlib.crc32 === 'function' ? (data) => zlib.crc32(data) : softwareCrc32;

/** CRC-32 (IEEE) for Node versions before 20.15, which lack zlib.crc32. */
function softwareCrc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** One flush's lines for a staged object, framed for appending. */
export function encodeRecord(payload: Buffer, events: number): Buffer[] {
  const header = Buffer.allocUnsafe(headerBytes);
  header.writeUInt32LE(payload.length, 0);
  header.writeUInt32LE(events, 4);
  header.writeUInt32LE(crc32(payload), 8);
  return [header, payload];
}

export interface RecordRead {
  payload: Buffer;
  events: number;
}

export interface RecordFileEnd {
  /** Bytes after the last good record: a torn write, ignored. */
  ignoredBytes: number;
}

/**
 * Reads the good records of a file in order. Each payload is read on its own, so memory stays at
 * one record; `onEnd` reports what was ignored at the end.
 */
export async function* readRecords(
  path: string,
  onEnd?: (end: RecordFileEnd) => void,
): AsyncGenerator<RecordRead> {
  const file = await fs.open(path, 'r');
  try {
    const size = (await file.stat()).size;
    const header = Buffer.alloc(headerBytes);
    let offset = 0;
    while (offset + headerBytes <= size) {
      await readFully(file, header, offset);
      const length = header.readUInt32LE(0);
      const events = header.readUInt32LE(4);
      if (offset + headerBytes + length > size) break;
      const payload = Buffer.allocUnsafe(length);
      await readFully(file, payload, offset + headerBytes);
      if (crc32(payload) !== header.readUInt32LE(8)) break;
      offset += headerBytes + length;
      yield { payload, events };
    }
    onEnd?.({ ignoredBytes: size - offset });
  } finally {
    await file.close();
  }
}

async function readFully(file: fs.FileHandle, into: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < into.length) {
    const { bytesRead } = await file.read(into, done, into.length - done, position + done);
    if (bytesRead === 0) throw new Error(`unexpected end of staged file at ${position + done}`);
    done += bytesRead;
  }
}
