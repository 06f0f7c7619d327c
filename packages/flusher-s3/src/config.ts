import {
  bufferOptions,
  compressionOption,
  deadLetterOption,
  duration,
  lineFormatOptions,
  maxBufferedBytesOption,
  renamedOptions,
  retryOptions,
  secret,
  z,
} from '@logflush/core';
import { KeyFormat } from './key-format.js';

const MiB = 1024 * 1024;
/** S3's smallest part (except the last) and largest part of a multipart upload. */
export const minPartSize = 5 * MiB;
export const maxPartSize = 5 * 1024 * MiB;
/** S3's most parts in one multipart upload. */
export const maxParts = 10_000;
/** What a `%{…}` field of KeyFormat becomes when the log lacks it (or it is empty). */
export const missingFieldValue = '__missing__';

export const storageClasses = [
  'STANDARD',
  'REDUCED_REDUNDANCY',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER',
  'DEEP_ARCHIVE',
  'GLACIER_IR',
  'OUTPOSTS',
  'SNOW',
  'EXPRESS_ONEZONE',
] as const;
export const cannedAcls = [
  'private',
  'public-read',
  'public-read-write',
  'authenticated-read',
  'aws-exec-read',
  'bucket-owner-read',
  'bucket-owner-full-control',
] as const;
export const serverSideEncryptions = ['AES256', 'aws:kms'] as const;

/** Header-safe text for user metadata: printable ASCII (S3 sends it as HTTP headers). */
const headerText = /^[\x20-\x7e]*$/;
const headerName = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/** flusher_s3's options. Names follow iLogtail's style; there is no iLogtail S3 flusher. */
export const configSchema = renamedOptions(
  z.object({
    Bucket: z.string().min(1).describe('Bucket the objects are written to (required).'),
    Region: z
      .string()
      .default('')
      .describe(
        'AWS region; empty: the AWS default chain (AWS_REGION, the shared config), else us-east-1.',
      ),
    Endpoint: z
      .string()
      .default('')
      .describe('http(s) URL of an S3-compatible store (MinIO, S3Proxy, R2 …); empty: AWS S3.'),
    ForcePathStyle: z
      .boolean()
      .default(false)
      .describe(
        'Address the bucket in the path (http://host/bucket/key), as most S3-compatible stores need.',
      ),
    AccessKeyId: z
      .string()
      .default('')
      .describe(
        'Access key id; empty: credentials from the AWS default chain (environment, profile, IMDS …).',
      ),
    SecretAccessKey: secret()
      .default('')
      .describe('Secret access key that goes with AccessKeyId; never printed.'),
    SessionToken: secret()
      .default('')
      .describe('Session token for temporary credentials; never printed.'),
    KeyFormat: z
      .string()
      .default('logflush/%Y/%m/%d/%H/{uuid}{ext}')
      .describe(
        "Object key: strftime (UTC, on the logs' time), %{tag.x} (converted names: tag.host.name), %{content.x}, and {uuid} (required), {index}, {ext}.",
      ),
    ...lineFormatOptions('json'),
    Compression: compressionOption(
      'gzip',
      'objects; sets Content-Encoding (gzip, zstd) and the {ext} suffix (.gz, .zst)',
    ),
    MaxObjectBytes: z
      .number()
      .int()
      .positive()
      .default(100 * MiB)
      .describe('An object is closed once its lines (before compression) reach this many bytes.'),
    MaxEvents: z
      .number()
      .int()
      .nonnegative()
      .default(0)
      .describe('An object is closed once it holds this many logs; 0: no limit.'),
    FlushInterval: duration()
      .prefault('5m')
      .describe('An object is closed this long after its first log was accepted.'),
    PartSize: z
      .number()
      .int()
      .min(minPartSize)
      .max(maxPartSize)
      .default(8 * MiB)
      .describe(
        'Bytes per part; an object larger than this is streamed as a multipart upload (≥ 5 MiB).',
      ),
    MaxBufferedBytes: maxBufferedBytesOption(32 * MiB, 'objects not yet uploaded').describe(
      'isReady is false while this many bytes of objects not yet uploaded are held; with Buffer Type disk, it bounds instead the memory of the objects being built (the disk is bounded by Buffer.MaxBytes).',
    ),
    UploadConcurrency: z
      .number()
      .int()
      .min(1)
      .max(64)
      .default(4)
      .describe('Most S3 requests in flight at once.'),
    StorageClass: z
      .enum(storageClasses)
      .optional()
      .describe("Storage class of the objects; unset: the bucket's default."),
    ServerSideEncryption: z
      .enum(serverSideEncryptions)
      .optional()
      .describe(
        "Server-side encryption: AES256 (SSE-S3) or aws:kms (SSE-KMS); unset: the bucket's default.",
      ),
    KMSKeyId: z
      .string()
      .default('')
      .describe('KMS key for ServerSideEncryption aws:kms; empty: the AWS managed key.'),
    ACL: z.enum(cannedAcls).optional().describe('Canned ACL of the objects; unset: none sent.'),
    Tagging: z
      .record(z.string(), z.string())
      .default({})
      .describe('Object tags, e.g. {"team": "web"}.'),
    Metadata: z
      .record(z.string().regex(headerName), z.string().regex(headerText))
      .default({})
      .describe('User metadata (x-amz-meta-*): header-safe names, printable ASCII values.'),
    ...retryOptions({ MaxRetries: 8, Backoff: { Init: '500ms', Max: '30s' } }),
    Timeout: duration()
      .prefault('60s')
      .describe(
        'A request whose connection makes no progress for this long fails (and is retried).',
      ),
    ...bufferOptions({
      MaxBytes: 1024 * MiB,
      memoryBound:
        'with the memory buffer, MaxBufferedBytes bounds the objects not yet uploaded and isReady is false at it',
    }),
    ...deadLetterOption(),
  }),
  { StagingDir: 'Buffer: {"Type": "disk", "Path": "<dir>"}' },
).superRefine((config, context) => {
  const issue = (option: string, message: string) =>
    context.addIssue({ code: 'custom', path: [option], message });
  try {
    new KeyFormat(config.KeyFormat, missingFieldValue);
  } catch (error) {
    issue('KeyFormat', (error as Error).message);
  }
  if (config.Endpoint !== '' && !isHttpUrl(config.Endpoint)) {
    issue(
      'Endpoint',
      `expected an http:// or https:// URL, given ${JSON.stringify(config.Endpoint)}`,
    );
  }
  if (config.AccessKeyId !== '' && config.SecretAccessKey === '') {
    issue('SecretAccessKey', 'required when AccessKeyId is set (expected a non-empty string)');
  }
  if (config.AccessKeyId === '' && config.SecretAccessKey !== '') {
    issue('AccessKeyId', 'required when SecretAccessKey is set (expected a non-empty string)');
  }
  if (config.SessionToken !== '' && config.AccessKeyId === '') {
    issue('SessionToken', 'applies only with AccessKeyId and SecretAccessKey, which are not set');
  }
  if (config.KMSKeyId !== '' && config.ServerSideEncryption !== 'aws:kms') {
    issue(
      'KMSKeyId',
      `applies only with ServerSideEncryption "aws:kms", given ${JSON.stringify(config.ServerSideEncryption ?? null)}`,
    );
  }
  if (config.FlushInterval <= 0)
    issue('FlushInterval', 'expected a duration longer than 0, given 0');
  if (config.Timeout <= 0) issue('Timeout', 'expected a duration longer than 0, given 0');
  if (Math.ceil(config.MaxObjectBytes / config.PartSize) > maxParts) {
    issue(
      'MaxObjectBytes',
      `an object of ${config.MaxObjectBytes} bytes would need more than ${maxParts} parts of PartSize ${config.PartSize}; raise PartSize or lower MaxObjectBytes`,
    );
  }
});

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export type FlusherS3Config = z.output<typeof configSchema>;
export type FlusherS3Options = z.input<typeof configSchema>;
