import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
  type HeadObjectCommandOutput,
} from '@aws-sdk/client-s3';
import { decompress as zstdDecompress } from 'fzstd';
import { inject } from 'vitest';
import { listObjectKeys, s3ClientConfig, s3FlusherDetail } from '@logflush/services/s3';
import type { S3Info } from '@logflush/services/types';
import type { Flusher, LogGroup } from '@logflush/core';

declare module 'vitest' {
  interface ProvidedContext {
    s3: S3Info;
  }
}

export function s3Info(): S3Info {
  return inject('s3');
}

let reader: S3Client | undefined;

/** A client of our own for reading back what the flusher wrote. */
export function s3Reader(
  info: Pick<S3Info, 'endpoint' | 'region' | 'accessKeyId' | 'secretAccessKey'> = s3Info(),
): S3Client {
  if (info.endpoint === s3Info().endpoint && reader) return reader;
  const client = new S3Client(s3ClientConfig(info));
  if (info.endpoint === s3Info().endpoint) reader = client;
  return client;
}

/** A key prefix no other test uses. */
export function uniquePrefix(): string {
  return `t/${randomUUID()}/`;
}

/** Options that reach the test server, with keys under `prefix`. */
export function serverDetail(
  prefix: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return s3FlusherDetail(s3Info(), prefix, { Backoff: { Init: '50ms' }, MaxRetries: 3, ...extra });
}

export interface StoredObject {
  key: string;
  head: HeadObjectCommandOutput;
  /** The object's bytes as stored. */
  raw: Buffer;
  /** Decompressed according to its Content-Encoding. */
  text: string;
}

export function decode(raw: Buffer, encoding: string | undefined): string {
  if (encoding === 'gzip') return zlib.gunzipSync(raw).toString('utf8');
  if (encoding === 'zstd') return Buffer.from(zstdDecompress(raw)).toString('utf8');
  return raw.toString('utf8');
}

export async function listKeys(
  prefix: string,
  client = s3Reader(),
  bucket = s3Info().bucket,
): Promise<string[]> {
  return listObjectKeys(client, { ListObjectsV2Command }, bucket, prefix);
}

export async function readObject(
  key: string,
  client = s3Reader(),
  bucket = s3Info().bucket,
): Promise<StoredObject> {
  const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const raw = Buffer.from(await got.Body!.transformToByteArray());
  return { key, head, raw, text: decode(raw, head.ContentEncoding) };
}

export async function readObjects(
  prefix: string,
  client = s3Reader(),
  bucket = s3Info().bucket,
): Promise<StoredObject[]> {
  const objects: StoredObject[] = [];
  for (const key of await listKeys(prefix, client, bucket))
    objects.push(await readObject(key, client, bucket));
  return objects;
}

/** Every line of every object under `prefix`, parsed as JSON. */
export async function readJsonLines(
  prefix: string,
  client = s3Reader(),
  bucket = s3Info().bucket,
): Promise<Array<Record<string, unknown>>> {
  const objects = await readObjects(prefix, client, bucket);
  return objects.flatMap((object) =>
    object.text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>),
  );
}

/** The `seq` contents found under `prefix`, sorted. */
export async function readSeqs(
  prefix: string,
  client = s3Reader(),
  bucket = s3Info().bucket,
): Promise<number[]> {
  return (await readJsonLines(prefix, client, bucket))
    .map((line) => Number(line.seq))
    .sort((a, b) => a - b);
}

export async function openMultipartUploads(
  prefix: string,
  client = s3Reader(),
  bucket = s3Info().bucket,
): Promise<string[]> {
  const answer = await client.send(
    new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix }),
  );
  return (answer.Uploads ?? []).map((upload) => upload.Key!);
}

/** Polls `check` every 50 ms until it returns true; fails after `limitMs`. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  limitMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits for isReady as a runner does, then flushes. */
export async function flushWhenReady(flusher: Flusher, groups: LogGroup[]): Promise<void> {
  await eventually(() => flusher.isReady('p', 'l', 0n));
  await flusher.flush('p', 'l', 'c', groups);
}

const dirs: string[] = [];

export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logflush-s3-'));
  dirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
