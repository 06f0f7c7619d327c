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
 * The logs in a StagingDir's good records. A records file holds one record per flush:
 * u32 LE payload length, u32 LE log count, u32 LE CRC-32 of the payload, then the payload
 * (flusher_s3's README); reading stops at a torn record.
 */
export function stagedLogs(dir: string): number {
  let logs = 0;
  for (const name of fs.readdirSync(dir).filter((file) => file.endsWith('.records'))) {
    const data = fs.readFileSync(path.join(dir, name));
    let offset = 0;
    while (offset + 12 <= data.length) {
      const length = data.readUInt32LE(offset);
      const end = offset + 12 + length;
      if (end > data.length) break;
      if (zlib.crc32(data.subarray(offset + 12, end)) !== data.readUInt32LE(offset + 8)) break;
      logs += data.readUInt32LE(offset + 4);
      offset = end;
    }
  }
  return logs;
}
