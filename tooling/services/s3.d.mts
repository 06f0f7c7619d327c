import type { RestartOptions, S3Info, ServiceStatus, StartOptions } from './types.js';

export type { RestartOptions, S3Info, ServiceStatus } from './types.js';
export function startS3(options?: StartOptions): Promise<S3Info>;
export function startS3Detailed(
  options?: StartOptions,
): Promise<{ info: S3Info; started: boolean }>;
export function stopS3(): Promise<boolean>;
/** Stops the running S3Proxy and starts it again on the same store; resolves once it answers. */
export function restartS3(options?: RestartOptions): Promise<S3Info>;
export function releaseS3(): Promise<boolean>;
export function s3Info(): S3Info | undefined;
export function s3Env(info: S3Info): Record<string, string>;
export function s3Status(): ServiceStatus<S3Info>;

/** Options for `new S3Client(...)` (@aws-sdk/client-s3) that reach this server. */
export function s3ClientConfig(
  info: Pick<S3Info, 'endpoint' | 'region' | 'accessKeyId' | 'secretAccessKey'>,
): {
  endpoint: string;
  region: string;
  forcePathStyle: true;
  credentials: { accessKeyId: string; secretAccessKey: string };
};
/** flusher_s3 options that reach this server; with `prefix`, KeyFormat puts the keys under it. `extra` is merged last. */
export function s3FlusherDetail(
  info: S3Info,
  prefix?: string,
  extra?: Record<string, unknown>,
): Record<string, unknown>;
/** The keys stored under `prefix`, sorted, read from the server's filesystem store. */
export function storedKeys(info: Pick<S3Info, 'dataDir' | 'bucket'>, prefix: string): string[];
/** Every non-empty line of every object under `prefix` (gunzipped when its key ends with .gz), from the filesystem store. */
export function storedLines(info: Pick<S3Info, 'dataDir' | 'bucket'>, prefix: string): string[];

/** What the S3 API helpers use of an @aws-sdk/client-s3 `S3Client` (structural: no SDK dependency here). */
export interface S3ClientLike {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  send(command: any): Promise<any>;
}
/** The command classes of @aws-sdk/client-s3 the helpers use; pass the SDK's own. */
export interface S3Commands {
  ListObjectsV2Command: new (input: {
    Bucket: string;
    Prefix?: string;
    ContinuationToken?: string;
  }) => unknown;
  GetObjectCommand?: new (input: { Bucket: string; Key: string }) => unknown;
}
export interface ReadObject {
  key: string;
  /** The object's bytes as stored. */
  raw: Buffer;
  contentEncoding: string | undefined;
}
/** The keys under `prefix` in `bucket`, sorted, listed through the S3 API (every page). */
export function listObjectKeys(
  client: S3ClientLike,
  commands: Pick<S3Commands, 'ListObjectsV2Command'>,
  bucket: string,
  prefix: string,
): Promise<string[]>;
/** Every object under `prefix` in `bucket`, in key order, read through the S3 API. */
export function listAndReadObjects(
  client: S3ClientLike,
  commands: Required<S3Commands>,
  bucket: string,
  prefix: string,
): Promise<ReadObject[]>;
