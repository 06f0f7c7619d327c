import path from 'node:path';
import fs from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { decompress as zstdDecompress } from 'fzstd';
import { describe, expect, it } from 'vitest';
import { listFiles, newDir, range, readText, run, seqGroup, seqs } from './helpers.js';

// Rolled files are decompressed with independent decoders (node:zlib for gzip, fzstd for zstd)
// and compared with what was written.
const decoders = {
  gzip: { suffix: '.gz', decode: (bytes: Buffer) => gunzipSync(bytes).toString('utf8') },
  zstd: {
    suffix: '.zst',
    decode: (bytes: Buffer) => Buffer.from(zstdDecompress(bytes)).toString('utf8'),
  },
} as const;

describe.each(['gzip', 'zstd'] as const)('Compression %s', (compression) => {
  const { suffix, decode } = decoders[compression];

  it('compresses every rolled file, never the active one, and keeps every line', async () => {
    const dir = newDir();
    await run(
      {
        FilePath: path.join(dir, 'app.log'),
        MaxFileSize: 1000,
        MaxFiles: 10,
        Compression: compression,
      },
      [seqGroup(0, 60)],
    );
    const files = listFiles(dir);
    expect(files).toEqual([
      `app.1.log${suffix}`,
      `app.2.log${suffix}`,
      `app.3.log${suffix}`,
      'app.log',
    ]);
    const rolled = [3, 2, 1].map((n) =>
      decode(fs.readFileSync(path.join(dir, `app.${n}.log${suffix}`))),
    );
    for (const text of rolled) expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1000);
    const all = [...rolled, readText(path.join(dir, 'app.log'))].flatMap(seqs);
    expect(all).toEqual(range(0, 60));
  });

  it('decompresses to exactly the bytes written (a file of several MiB, many frames for zstd)', async () => {
    const dir = newDir();
    const big = (i: number) => `${i} ${'abcdefghij'.repeat(50 + (i % 7))}`;
    // About 2.6 MiB of lines, rolled once at 2 MiB.
    await run(
      {
        FilePath: path.join(dir, 'app.log'),
        MaxFileSize: 2 * 1024 * 1024,
        Compression: compression,
      },
      [seqGroup(0, 5000, big)],
    );
    const expected = range(0, 5000)
      .map((i) => `{"__time__":${1700000000 + i},"seq":"${i}","content":"${big(i)}"}\n`)
      .join('');
    const restored =
      decode(fs.readFileSync(path.join(dir, `app.1.log${suffix}`))) +
      readText(path.join(dir, 'app.log'));
    expect(restored).toBe(expected);
  });

  it('gives the compressed file the mode of the rolled one', async () => {
    const dir = newDir();
    await run(
      {
        FilePath: path.join(dir, 'app.log'),
        MaxFileSize: 100,
        Compression: compression,
        FileMode: '0640',
      },
      [seqGroup(0, 3)],
    );
    expect(fs.statSync(path.join(dir, `app.1.log${suffix}`)).mode & 0o777).toBe(0o640);
  });
});

describe('Compression none', () => {
  it('leaves rolled files as they are', async () => {
    const dir = newDir();
    await run({ FilePath: path.join(dir, 'app.log'), MaxFileSize: 100 }, [seqGroup(0, 3)]);
    expect(listFiles(dir)).toEqual(['app.1.log', 'app.2.log', 'app.log']);
  });

  it('treats files compressed under an earlier config as rolled files: shifted, then removed as the oldest', async () => {
    const dir = newDir();
    const file = path.join(dir, 'app.log');
    await run({ FilePath: file, MaxFileSize: 100, Compression: 'gzip' }, [seqGroup(0, 2)]);
    expect(listFiles(dir)).toEqual(['app.1.log.gz', 'app.log']);
    await run({ FilePath: file, MaxFileSize: 100, MaxFiles: 2 }, [seqGroup(2, 2)]);
    expect(listFiles(dir)).toEqual(['app.1.log', 'app.2.log', 'app.log']);
    expect(seqs(readText(path.join(dir, 'app.2.log')))).toEqual([1]);
  });
});
