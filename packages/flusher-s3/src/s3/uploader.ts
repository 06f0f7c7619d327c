import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type PutObjectCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  DeliveryError,
  redact,
  withRetries,
  type FlusherMetrics,
  type Logger,
  type RetryPolicy,
} from '@logflush/core';
import { describeS3Error, isRetryableS3Error, type ErrorContext } from './errors.js';
import type { Limiter } from './limiter.js';

/** The headers every object is written with (PutObject, CreateMultipartUpload). */
export type ObjectHeaders = Pick<
  PutObjectCommandInput,
  | 'ContentEncoding'
  | 'StorageClass'
  | 'ServerSideEncryption'
  | 'SSEKMSKeyId'
  | 'ACL'
  | 'Tagging'
  | 'Metadata'
> & { ContentType: string };

/**
 * An S3 request failed: the message says which request and why, and holds no secret. Whether a
 * retry may succeed is decided once, by S3's classifier (`isRetryableS3Error` in errors.ts), when the
 * SDK's error is caught; `withRetries` reads it.
 */
export class S3RequestError extends DeliveryError {
  constructor(
    message: string,
    options: { cause: unknown; retryable: boolean },
    /** What went wrong, without the request: `bucket "x" does not exist at … (NoSuchBucket, HTTP 404)`. */
    readonly reason: string = message,
  ) {
    super(message, options);
    this.name = 'S3RequestError';
  }
}

export interface UploaderOptions {
  client: S3Client;
  bucket: string;
  retry: RetryPolicy;
  limiter: Limiter;
  logger: Logger;
  metrics: FlusherMetrics;
  errorContext: ErrorContext;
  /** Values to scrub from any message (the secret key, the session token). */
  secrets: string[];
  signal: AbortSignal;
}

/**
 * The S3 requests objects are written with, each retried by the flusher's policy, limited to
 * UploadConcurrency at once (a retry waits outside the limit), and failing with an S3RequestError.
 */
export class Uploader {
  constructor(private readonly options: UploaderOptions) {}

  get bucket(): string {
    return this.options.bucket;
  }

  async putObject(key: string, headers: ObjectHeaders, body: Buffer): Promise<void> {
    await this.#request(`PutObject ${key}`, () =>
      this.options.client.send(
        new PutObjectCommand({
          ...headers,
          Bucket: this.options.bucket,
          Key: key,
          Body: body,
          ContentLength: body.length,
        }),
      ),
    );
  }

  async createMultipartUpload(key: string, headers: ObjectHeaders): Promise<string> {
    const output = await this.#request(`CreateMultipartUpload ${key}`, () =>
      this.options.client.send(
        // As lib-storage does: parts carry CRC32 checksums, which Complete lists.
        new CreateMultipartUploadCommand({
          ...headers,
          Bucket: this.options.bucket,
          Key: key,
          ChecksumAlgorithm: 'CRC32',
        }),
      ),
    );
    if (output.UploadId === undefined)
      throw new S3RequestError(`CreateMultipartUpload ${key}: no UploadId in the answer`, {
        cause: output,
        retryable: false,
      });
    return output.UploadId;
  }

  async uploadPart(
    key: string,
    uploadId: string,
    partNumber: number,
    body: Buffer,
  ): Promise<CompletedPart> {
    const output = await this.#request(`UploadPart ${partNumber} of ${key}`, () =>
      this.options.client.send(
        new UploadPartCommand({
          Bucket: this.options.bucket,
          Key: key,
          UploadId: uploadId,
          PartNumber: partNumber,
          Body: body,
          ContentLength: body.length,
          ChecksumAlgorithm: 'CRC32',
        }),
      ),
    );
    return { PartNumber: partNumber, ETag: output.ETag, ChecksumCRC32: output.ChecksumCRC32 };
  }

  async completeMultipartUpload(
    key: string,
    uploadId: string,
    parts: CompletedPart[],
  ): Promise<void> {
    await this.#request(`CompleteMultipartUpload ${key}`, () =>
      this.options.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.options.bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts },
        }),
      ),
    );
  }

  /** Aborts an upload; one that no longer exists (completed, aborted before) counts as done. */
  async abortMultipartUpload(key: string, uploadId: string): Promise<void> {
    try {
      await this.#request(`AbortMultipartUpload ${key}`, () =>
        this.options.client.send(
          new AbortMultipartUploadCommand({
            Bucket: this.options.bucket,
            Key: key,
            UploadId: uploadId,
          }),
        ),
      );
    } catch (error) {
      if (
        error instanceof S3RequestError &&
        (error.cause as { name?: string }).name === 'NoSuchUpload'
      )
        return;
      throw error;
    }
  }

  /** Lists at most one key: checks that the bucket exists and the credentials are good. */
  async checkBucket(): Promise<void> {
    await this.#request(`ListObjectsV2 (bucket check)`, () =>
      this.options.client.send(
        new ListObjectsV2Command({ Bucket: this.options.bucket, MaxKeys: 1 }),
      ),
    );
  }

  async #request<T>(what: string, send: () => Promise<T>): Promise<T> {
    const attempt = async () => {
      try {
        return await this.options.limiter.run(send);
      } catch (error) {
        const reason = this.#describe(error);
        throw new S3RequestError(
          `${what}: ${reason}`,
          { cause: error, retryable: isRetryableS3Error(error) },
          reason,
        );
      }
    };
    // A retry waits outside the limiter, so waiting never holds a slot of UploadConcurrency.
    return withRetries(attempt, this.options.retry, {
      signal: this.options.signal,
      onRetry: (error, retry, delayMs) => {
        this.options.metrics.add('retries', 1);
        this.options.logger.warn(
          'FLUSHER_FLUSH_ALARM',
          `flusher_s3: ${what} failed (${(error as S3RequestError).reason}); retry ${retry} of ${this.options.retry.maxRetries} in ${Math.round(delayMs)} ms`,
        );
      },
    });
  }

  #describe(error: unknown): string {
    return redact(describeS3Error(error, this.options.errorContext), this.options.secrets);
  }
}
