import { decodeLogGroupList, encodeLogGroupList, LogGroupDecodeError } from '@logflush/core';
import { describe, expect, it } from 'vitest';
import { decodeLogGroupStream } from '../src/input/protobuf-stream.js';

const list = {
  logGroupList: Array.from({ length: 50 }, (_, g) => ({
    Topic: `t${g}`,
    Source: '10.0.0.1',
    LogTags: [{ Key: 'k', Value: `v${g}` }],
    Logs: Array.from({ length: 20 }, (_, i) => ({
      Time: 1700000000 + i,
      Contents: [{ Key: 'msg', Value: `group ${g} log ${i} ${'é🚀'.repeat(i)}` }],
    })),
  })),
};

async function* chunked(bytes: Uint8Array, size: number) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function decodeAll(bytes: Uint8Array, size: number) {
  const groups = [];
  for await (const batch of decodeLogGroupStream(chunked(bytes, size)))
    groups.push(...batch.groups);
  return groups;
}

describe('decodeLogGroupStream', () => {
  const bytes = encodeLogGroupList(list);

  it('decodes the same groups as decodeLogGroupList, whatever the chunk boundaries', async () => {
    const expected = decodeLogGroupList(bytes).logGroupList;
    for (const size of [1, 7, 100, 4096, bytes.length])
      expect(await decodeAll(bytes, size)).toEqual(expected);
  });

  it('yields each group as soon as its bytes are in, not at the end', async () => {
    const firstBatches: number[] = [];
    for await (const batch of decodeLogGroupStream(chunked(bytes, 1024)))
      firstBatches.push(batch.groups.length);
    expect(firstBatches.length).toBeGreaterThan(5);
    expect(firstBatches.slice(0, 3).some((n) => n > 0)).toBe(true);
  });

  it('skips unknown fields, as protobuf decoders do', async () => {
    // field 2 varint 150, field 3 length-delimited "abc", field 4 fixed32, then the list
    const extra = Uint8Array.from([0x10, 0x96, 0x01, 0x1a, 3, 97, 98, 99, 0x25, 1, 2, 3, 4]);
    const joined = Buffer.concat([extra, bytes]);
    expect(await decodeAll(joined, 5)).toEqual(decodeLogGroupList(bytes).logGroupList);
  });

  it('rejects truncated and malformed bytes with LogGroupDecodeError and the offset', async () => {
    await expect(decodeAll(bytes.subarray(0, bytes.length - 3), 64)).rejects.toThrow(
      /^invalid LogGroupList: truncated: the stream ends inside LogGroup 49 \(\d+ bytes of it read\) \(at byte \d+ of \d+\)$/,
    );
    await expect(
      decodeAll(Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 1]), 3),
    ).rejects.toThrow(/LogGroup 0 is 4294967295 bytes, more than the 268435456-byte limit/);
    await expect(decodeAll(Uint8Array.from([0x0b]), 1)).rejects.toThrow(/invalid wire type 3/);
    // A LogGroup whose inner bytes are damaged: the decoder's reason, at the stream offset.
    const damaged = Uint8Array.from([0x0a, 3, 0x0a, 0x05, 0x01]);
    const error = await decodeAll(damaged, 2).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LogGroupDecodeError);
    expect((error as LogGroupDecodeError).message).toMatch(
      /^invalid LogGroupList: in LogGroup 0: /,
    );
  });
});
