import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, crc32Table } from '../../../src/kit/disk-buffer/crc32.js';
import {
  FRAME_HEADER_BYTES,
  findHeader,
  frameBytes,
  probeFrame,
  writeFrame,
} from '../../../src/kit/disk-buffer/frame.js';
import { decodePosition, encodePosition } from '../../../src/kit/disk-buffer/position-file.js';

describe('CRC-32', () => {
  it('is the IEEE CRC-32 of zlib, by table and natively, also continued', () => {
    const data = Buffer.from('123456789');
    expect(crc32Table(data)).toBe(0xcbf43926);
    expect(crc32(data)).toBe(0xcbf43926);
    expect(crc32Table(data.subarray(4), crc32Table(data.subarray(0, 4)))).toBe(0xcbf43926);
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    const native = (zlib as { crc32?: (d: Uint8Array) => number }).crc32;
    if (native !== undefined) expect(crc32Table(random)).toBe(native(random));
    expect(crc32(random)).toBe(crc32Table(random));
  });
});

describe('frames', () => {
  const framed = (text: string, logs = 1) => {
    const data = Buffer.from(text);
    const bytes = Buffer.alloc(frameBytes(data.length));
    writeFrame(bytes, 0, data, logs);
    return bytes;
  };

  it('round-trip their bytes and log count', () => {
    const bytes = framed('hello', 42);
    expect(bytes).toHaveLength(FRAME_HEADER_BYTES + 5);
    const probe = probeFrame(bytes, 0);
    expect(probe.kind).toBe('frame');
    if (probe.kind === 'frame') {
      expect(probe.data.toString()).toBe('hello');
      expect(probe.logs).toBe(42);
      expect(probe.end).toBe(bytes.length);
    }
  });

  it('tell short, invalid and damaged bytes apart', () => {
    const bytes = framed('hello', 3);
    expect(probeFrame(bytes.subarray(0, 10), 0)).toEqual({ kind: 'short', bytes: 20 });
    expect(probeFrame(bytes.subarray(0, 22), 0)).toEqual({ kind: 'short', bytes: 25 });
    const badHeader = Buffer.from(bytes);
    badHeader[5] = 0x7f; // the length: the header's checksum catches it
    expect(probeFrame(badHeader, 0)).toEqual({ kind: 'invalid' });
    const badData = Buffer.from(bytes);
    badData[22] = 0;
    expect(probeFrame(badData, 0)).toEqual({ kind: 'damaged', end: 25, logs: 3 });
  });

  it('are found again after garbage', () => {
    const bytes = Buffer.concat([Buffer.alloc(7, 0x46), framed('a'), framed('b')]);
    expect(findHeader(bytes, 0)).toBe(7);
    expect(findHeader(bytes, 8)).toBe(7 + 21);
    expect(findHeader(bytes, 7 + 22)).toBeUndefined();
  });
});

describe('the position file', () => {
  it('round-trips and refuses damage', () => {
    const bytes = encodePosition({ seq: 123456789012, offset: 4096 });
    expect(decodePosition(bytes)).toEqual({ seq: 123456789012, offset: 4096 });
    bytes[10] = bytes[10]! ^ 1;
    expect(decodePosition(bytes)).toBeUndefined();
    expect(decodePosition(Buffer.alloc(3))).toBeUndefined();
  });
});
