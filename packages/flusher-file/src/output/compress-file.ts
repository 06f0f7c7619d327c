import fs, { type FileHandle } from 'node:fs/promises';
import { compressionCodecs, zstdFrameBytes, type CompressionCodec } from '@logflush/core';
import type { Compression } from '../config.js';

/** Reads `source` in chunks through the codec's streaming compressor into `output`. */
async function writeCompressed(
  source: string,
  output: FileHandle,
  codec: CompressionCodec,
): Promise<void> {
  let chunks: Buffer[] = [];
  const compressor = await codec.create((chunk) => chunks.push(chunk));
  const drain = async () => {
    const ready = chunks;
    chunks = [];
    for (const chunk of ready) await output.write(chunk);
  };
  const input = await fs.open(source, 'r');
  try {
    // One zstd frame per read; the buffer is reused, as a compressor keeps no part of it once
    // its write resolved.
    const buffer = Buffer.allocUnsafe(zstdFrameBytes);
    for (;;) {
      const { bytesRead } = await input.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      await compressor.write(buffer.subarray(0, bytesRead));
      await drain();
    }
    await compressor.end();
    await drain();
  } catch (error) {
    compressor.destroy();
    throw error;
  } finally {
    await input.close();
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
  const codec = compressionCodecs[compression];
  const target = source + codec.extension;
  const temp = `${target}.tmp`;
  const mode = (await fs.stat(source)).mode & 0o7777;
  try {
    const output = await fs.open(temp, 'wx', mode);
    try {
      await writeCompressed(source, output, codec);
      await output.sync();
    } finally {
      await output.close();
    }
    await fs.chmod(temp, mode);
    await fs.rename(temp, target);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  await fs.unlink(source);
  return target;
}
