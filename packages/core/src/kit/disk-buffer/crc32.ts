import * as zlib from 'node:zlib';

/*
 * CRC-32 (IEEE 802.3, the polynomial of zlib, gzip and PNG). Node has it as `zlib.crc32` from
 * 20.15 / 22.2 only, and core supports Node ≥ 20, so this file carries a table implementation
 * and uses zlib's native one where the running Node has it: both give the same value.
 */

const table = (() => {
  const entries = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    entries[n] = c >>> 0;
  }
  return entries;
})();

/** The table implementation (exported for the test that compares it with zlib's). */
export function crc32Table(data: Uint8Array, initial = 0): number {
  let crc = ~initial >>> 0;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}

type NativeCrc32 = (data: Uint8Array, value?: number) => number;
const native = (zlib as { crc32?: NativeCrc32 }).crc32;

/** CRC-32 of `data`, continuing from `initial` (the CRC of the bytes before it). */
export const crc32: (data: Uint8Array, initial?: number) => number =
  typeof native === 'function' ? (data, initial = 0) => native(data, initial) : crc32Table;
