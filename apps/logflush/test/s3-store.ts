import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {
  releaseS3,
  s3FlusherDetail,
  startS3,
  storedKeys,
  storedLines,
  type S3Info,
} from '../../../tooling/services/s3.mjs';

/*
 * The S3Proxy of tooling/services, for the tests that run the CLI with flusher_s3. The test takes
 * a lease on it as the vitest setups do (started if not running, stopped after the last test run
 * that started it), and reads back what was uploaded from the server's filesystem store
 * (`<dataDir>/<bucket>/<key>`), so the CLI package needs no S3 client of its own.
 */

export function useS3(): Promise<S3Info> {
  return startS3({ owner: 'test', lease: true });
}

export function releaseS3Lease(): Promise<boolean> {
  return releaseS3();
}

/** A key prefix no other test uses. */
export function uniquePrefix(): string {
  return `t/${randomUUID()}/`;
}

/** flusher_s3 options that reach the server, with keys under `prefix`. */
export function s3Detail(
  info: S3Info,
  prefix: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return s3FlusherDetail(info, prefix, { Backoff: { Init: '50ms' }, MaxRetries: 3, ...extra });
}

/** The keys of the objects stored under `prefix`, sorted. */
export { storedKeys };

/** The `seq` of every JSON line of every (gzip) object under `prefix`, sorted. */
export function storedSeqs(info: S3Info, prefix: string): number[] {
  return storedLines(info, prefix)
    .map((line) => Number((JSON.parse(line) as { seq: string }).seq))
    .sort((a, b) => a - b);
}

/**
 * Like storedLines, while uploads go on: S3Proxy writes an object to `<key>-<uuid>` and renames
 * it, so only the names ending with `.gz` are objects, and one may be replaced as it is read.
 */
export function storedLinesSoFar(info: S3Info, prefix: string): string[] {
  const lines: string[] = [];
  for (const key of storedKeys(info, prefix)) {
    if (!key.endsWith('.gz')) continue;
    let raw: Buffer;
    try {
      raw = fs.readFileSync(path.join(info.dataDir, info.bucket, key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    for (const line of zlib.gunzipSync(raw).toString('utf8').split('\n'))
      if (line !== '') lines.push(line);
  }
  return lines;
}

/** How often each `seq` appears in the JSON lines of the objects under `prefix`. */
export function storedSeqCounts(info: S3Info, prefix: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const line of storedLines(info, prefix)) {
    const seq = Number((JSON.parse(line) as { seq: string }).seq);
    counts.set(seq, (counts.get(seq) ?? 0) + 1);
  }
  return counts;
}

/**
 * The flusher_s3 row of the summary `logflush run --summary` prints to stderr, by column
 * (`in_events`, `out_events`, …, `undelivered`, `in_buffer`), or undefined without one.
 */
export function summaryRow(stderr: string): Record<string, string> | undefined {
  const lines = stderr.split('\n');
  const at = lines.findIndex((line) => /^flusher\s+in_events\s/.test(line));
  if (at < 0) return undefined;
  const header = lines[at]!.trim().split(/\s+/);
  const row = lines
    .slice(at + 1)
    .map((line) => line.trim().split(/\s+/))
    .find((cells) => cells[0]?.startsWith('flusher_s3'));
  return row === undefined
    ? undefined
    : Object.fromEntries(header.map((column, i) => [column, row[i]!]));
}

/** The messages the CLI logged on stderr (its JSON log lines), with their level and alarm. */
export function loggedMessages(
  stderr: string,
): Array<{ level: string; alarm?: string; message: string }> {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: string; alarm?: string; message: string });
}
