import { open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from './crc32.js';
import { syncDirectory } from './segment-files.js';

/*
 * The acknowledged position: the segment and the offset in it of the first record not
 * acknowledged. 24 bytes, little-endian: magic 0x4C46_4250, segment number (u64), offset (u64),
 * CRC-32 of the 20 bytes before. It is replaced atomically: written to `position.tmp`, fsynced,
 * renamed over `position`, and the directory fsynced; a crash leaves the old position or the new
 * one. A position that is missing or damaged counts as "nothing acknowledged" in the oldest
 * segment: records come again, none is lost.
 */

const POSITION_MAGIC = 0x4c46_4250;
const POSITION_BYTES = 24;
export const positionName = 'position';
const temporaryName = 'position.tmp';

export interface Position {
  readonly seq: number;
  readonly offset: number;
}

export function encodePosition(position: Position): Buffer {
  const bytes = Buffer.alloc(POSITION_BYTES);
  bytes.writeUInt32LE(POSITION_MAGIC, 0);
  bytes.writeBigUInt64LE(BigInt(position.seq), 4);
  bytes.writeBigUInt64LE(BigInt(position.offset), 12);
  bytes.writeUInt32LE(crc32(bytes.subarray(0, 20)), 20);
  return bytes;
}

export function decodePosition(bytes: Buffer): Position | undefined {
  if (bytes.length !== POSITION_BYTES) return undefined;
  if (bytes.readUInt32LE(0) !== POSITION_MAGIC) return undefined;
  if (bytes.readUInt32LE(20) !== crc32(bytes.subarray(0, 20))) return undefined;
  const seq = Number(bytes.readBigUInt64LE(4));
  const offset = Number(bytes.readBigUInt64LE(12));
  return { seq, offset };
}

/** The kept position; `damaged` when a file was there but could not be read as one. */
export async function readPosition(
  dir: string,
): Promise<{ position: Position | undefined; damaged: boolean }> {
  await rm(path.join(dir, temporaryName), { force: true });
  let bytes: Buffer;
  try {
    bytes = await readFile(path.join(dir, positionName));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { position: undefined, damaged: false };
    }
    throw error;
  }
  const position = decodePosition(bytes);
  return { position, damaged: position === undefined };
}

export async function writePosition(dir: string, position: Position): Promise<void> {
  const temporary = path.join(dir, temporaryName);
  const handle = await open(temporary, 'w', 0o600);
  try {
    await handle.writeFile(encodePosition(position));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path.join(dir, positionName));
  await syncDirectory(dir);
}
