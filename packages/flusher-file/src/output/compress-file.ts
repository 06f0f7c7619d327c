import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { compress as zstdCompress, init as zstdInit } from '@bokuweb/zstd-wasm';
import type { Compression } from '../config.js';

export const compressedSuffix: Readonly<Record<Exclude<Compression, 'none'>, string>> = {
  gzip: '.gz',
  zstd: '.zst',
};

/** zstd frames are cut every MiB: a frame blocks the event loop for a few ms at most. */
const ZSTD_FRAME_BYTES = 1 << 20;
const ZSTD_LEVEL = 3;

let zstdReady: Promise<void> | undefined;

async function writeZstd(source: string, temp: string, mode: number): Promise<void> {
  await (zstdReady ??= zstdInit());
  const input = await fs.open(source, 'r');
  try {
    const output = await fs.open(temp, 'wx', mode);
    try {
      const buffer = Buffer.allocUnsafe(ZSTD_FRAME_BYTES);
      for (;;) {
        const { bytesRead } = await input.read(buffer, 0, buffer.length, null);
        if (bytesRead === 0) break;
        // Concatenated frames decompress to the concatenated input (zstd format, RFC 8878 §3).
        await output.write(zstdCompress(buffer.subarray(0, bytesRead), ZSTD_LEVEL));
        await nextTurn();
      }
      await output.sync();
    } finally {
      await output.close();
    }
  } finally {
    await input.close();
  }
}

async function writeGzip(source: string, temp: string, mode: number): Promise<void> {
  await pipeline(
    createReadStream(source),
    createGzip(),
    createWriteStream(temp, { flags: 'wx', mode }),
  );
  const output = await fs.open(temp, 'r+');
  try {
    await output.sync();
  } finally {
    await output.close();
  }
}

/**
 * Compresses `source` into `source` + `.gz` / `.zst` with the source's mode, then removes the
 * source. The output is written under a temporary name and renamed only once complete and
 * fsynced, so a crash leaves the uncompressed file, never a truncated archive in its place.
 */
export async function compressFile(
  source: string,
  compression: Exclude<Compression, 'none'>,
): Promise<string> {
  const target = source + compressedSuffix[compression];
  const temp = `${target}.tmp`;
  const mode = (await fs.stat(source)).mode & 0o7777;
  try {
    if (compression === 'gzip') await writeGzip(source, temp, mode);
    else await writeZstd(source, temp, mode);
    await fs.chmod(temp, mode);
    await fs.rename(temp, target);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  await fs.unlink(source);
  return target;
}
