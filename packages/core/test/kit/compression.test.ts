import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compressionCodecs, loadZstd, zstdFrameBytes, zstdLevel } from '../../src/index.js';

async function compress(name: 'none' | 'gzip' | 'zstd', writes: Buffer[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const compressor = await compressionCodecs[name].create((chunk) => chunks.push(chunk));
  for (const data of writes) await compressor.write(data);
  await compressor.end();
  return Buffer.concat(chunks);
}

const input = Buffer.from(
  Array.from({ length: 40_000 }, (_, i) => `{"seq":"${i}","msg":"line ${i % 97}"}\n`).join(''),
);

describe('compression codecs', () => {
  it('name their suffix and Content-Encoding', () => {
    expect(
      Object.values(compressionCodecs).map((c) => [c.name, c.extension, c.contentEncoding]),
    ).toEqual([
      ['none', '', undefined],
      ['gzip', '.gz', 'gzip'],
      ['zstd', '.zst', 'zstd'],
    ]);
  });

  it('none passes bytes through; gzip round-trips', async () => {
    expect(
      (await compress('none', [input.subarray(0, 10), input.subarray(10)])).equals(input),
    ).toBe(true);
    expect(gunzipSync(await compress('gzip', [input])).equals(input)).toBe(true);
  });

  it('zstd cuts frames at exactly 1 MiB of input, whatever the writes', async () => {
    const big = Buffer.concat([input, input, input]);
    expect(big.length).toBeGreaterThan(zstdFrameBytes * 2);
    const zstd = await loadZstd();
    const starts = Array.from(
      { length: Math.ceil(big.length / zstdFrameBytes) },
      (_, i) => i * zstdFrameBytes,
    );
    expect(starts.length).toBeGreaterThanOrEqual(3);
    const expected = Buffer.concat(
      starts.map((start) =>
        Buffer.from(zstd.compress(big.subarray(start, start + zstdFrameBytes), zstdLevel)),
      ),
    );
    const oneWrite = await compress('zstd', [big]);
    const manyWrites = await compress('zstd', [
      big.subarray(0, 1000),
      big.subarray(1000, zstdFrameBytes + 5),
      big.subarray(zstdFrameBytes + 5),
    ]);
    expect(oneWrite.equals(expected)).toBe(true);
    expect(manyWrites.equals(expected)).toBe(true);
    // Each frame decompresses to its MiB of input (zstd-wasm reads one frame per call).
    const frame = Buffer.from(zstd.compress(big.subarray(0, zstdFrameBytes), zstdLevel));
    expect(oneWrite.subarray(0, frame.length).equals(frame)).toBe(true);
    expect(Buffer.from(zstd.decompress(frame)).equals(big.subarray(0, zstdFrameBytes))).toBe(true);
  });

  it('zstd keeps its own copy of what it has not compressed yet', async () => {
    const chunks: Buffer[] = [];
    const compressor = await compressionCodecs.zstd.create((chunk) => chunks.push(chunk));
    const reused = Buffer.from('first part\n');
    await compressor.write(reused);
    reused.fill(0x21);
    await compressor.end();
    const zstd = await loadZstd();
    expect(Buffer.from(zstd.decompress(Buffer.concat(chunks))).toString()).toBe('first part\n');
  });
});
