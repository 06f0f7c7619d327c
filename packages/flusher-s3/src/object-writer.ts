import type { CompletedPart } from '@aws-sdk/client-s3';
import type { BufferGauge } from '@logflush/core';
import type { PartPool } from './part-pool.js';
import type { ObjectHeaders, Uploader } from './s3/uploader.js';

/** What is left of a multipart upload that has not finished, so that it can be aborted later. */
export interface UploadIdListener {
  (uploadId: string): Promise<void>;
}

/**
 * Writes one object as bytes arrive: they are copied into a part until it holds exactly PartSize,
 * and it is uploaded at once (the first part starts a multipart upload); `end` sends what is left,
 * as a single PutObject when the object never reached PartSize. Memory stays at most one
 * collecting part plus the parts in flight. A failed multipart upload is aborted, never left.
 */
export class ObjectWriter {
  /** The part being collected; bytes are copied in as they come, so callers' buffers die young. */
  #part: Buffer | undefined;
  #partBytes = 0;
  #uploadId: Promise<string> | undefined;
  readonly #parts: Array<Promise<CompletedPart>> = [];
  #unsettled = new Set<Promise<unknown>>();
  #failure: Error | undefined;
  #size = 0;

  private readonly partSize: number;

  constructor(
    private readonly uploader: Uploader,
    readonly key: string,
    private readonly headers: ObjectHeaders,
    private readonly pool: PartPool,
    private readonly gauge: BufferGauge,
    private readonly onUploadId: UploadIdListener = async () => {},
  ) {
    this.partSize = pool.partSize;
  }

  /** Bytes written so far: the object's size once it ends. */
  get size(): number {
    return this.#size;
  }

  /** Adds bytes to the object; full parts leave for S3 in the background. */
  write(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.#size += chunk.length;
    this.gauge.hold(chunk.length);
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(this.partSize - this.#partBytes, chunk.length - offset);
      const part = this.#reserve(this.#partBytes + take);
      chunk.copy(part, this.#partBytes, offset, offset + take);
      this.#partBytes += take;
      offset += take;
      if (this.#partBytes === this.partSize) this.#sendPart(this.#take());
    }
  }

  /** Adds text of `bytes` UTF-8 bytes, encoded straight into the part when it fits there. */
  writeText(text: string, bytes: number): void {
    if (bytes === 0) return;
    if (bytes > this.partSize - this.#partBytes) {
      this.write(Buffer.from(text));
      return;
    }
    this.#size += bytes;
    this.gauge.hold(bytes);
    const part = this.#reserve(this.#partBytes + bytes);
    part.write(text, this.#partBytes, bytes, 'utf8');
    this.#partBytes += bytes;
    if (this.#partBytes === this.partSize) this.#sendPart(this.#take());
  }

  /** Waits until fewer than `limit` parts are in flight (for a reader that can wait). */
  async waitForRoom(limit: number): Promise<void> {
    while (this.#unsettled.size >= limit) await Promise.race(this.#unsettled);
  }

  /**
   * Uploads what is left and finishes the object. Rejects (after aborting a multipart upload)
   * when any part or the completion failed for good.
   */
  async end(): Promise<void> {
    if (this.#uploadId === undefined) {
      const body = this.#take();
      this.gauge.startSending(body.length);
      try {
        await this.uploader.putObject(this.key, this.headers, body);
      } finally {
        this.gauge.endSending(body.length);
        this.pool.give(body);
      }
      return;
    }
    if (this.#partBytes > 0) this.#sendPart(this.#take());
    const uploadId = await this.#uploadId.catch(() => undefined);
    const settled = await Promise.allSettled(this.#parts);
    try {
      if (this.#failure !== undefined) throw this.#failure;
      if (uploadId === undefined) throw new Error(`no multipart upload for ${this.key}`);
      const parts = settled.map(
        (result) => (result as PromiseFulfilledResult<CompletedPart>).value,
      );
      await this.uploader.completeMultipartUpload(this.key, uploadId, parts);
    } catch (error) {
      if (uploadId !== undefined) await this.#abort(uploadId, error);
      throw error;
    }
  }

  /** Gives the object up: drops what is collected, and aborts a multipart upload once its parts settled. */
  async abandon(reason: unknown): Promise<void> {
    this.#failure ??= asError(reason);
    this.gauge.release(this.#partBytes);
    this.#part = undefined;
    this.#partBytes = 0;
    if (this.#uploadId === undefined) return;
    const uploadId = await this.#uploadId.catch(() => undefined);
    await Promise.allSettled(this.#parts);
    if (uploadId !== undefined) await this.#abort(uploadId, reason);
  }

  async #abort(uploadId: string, reason: unknown): Promise<void> {
    try {
      await this.uploader.abortMultipartUpload(this.key, uploadId);
    } catch (abortError) {
      throw new AggregateError(
        [reason, abortError],
        `${asError(reason).message}; and aborting multipart upload ${uploadId} failed too (${asError(abortError).message}): a bucket lifecycle rule AbortIncompleteMultipartUpload removes such leftovers`,
      );
    }
  }

  /**
   * The collecting part, with room for `bytes`: parts after the first are PartSize from the
   * start; the first grows by doubling, so a small object never holds a whole PartSize.
   */
  #reserve(bytes: number): Buffer {
    const current = this.#part;
    if (current !== undefined && current.length >= bytes) return current;
    const size =
      this.#parts.length > 0
        ? this.partSize
        : Math.min(this.partSize, Math.max(bytes, 2 * (current?.length ?? 0), 64 * 1024));
    const grown = size === this.partSize ? this.pool.take() : Buffer.allocUnsafe(size);
    current?.copy(grown, 0, 0, this.#partBytes);
    this.#part = grown;
    return grown;
  }

  /** The collected bytes, as the body of a part or object; collecting starts afresh. */
  #take(): Buffer {
    const body =
      this.#part === undefined ? Buffer.alloc(0) : this.#part.subarray(0, this.#partBytes);
    this.#part = undefined;
    this.#partBytes = 0;
    return body;
  }

  #sendPart(body: Buffer): void {
    const partNumber = this.#parts.length + 1;
    this.#uploadId ??= this.uploader
      .createMultipartUpload(this.key, this.headers)
      .then(async (uploadId) => {
        await this.onUploadId(uploadId);
        return uploadId;
      });
    this.gauge.startSending(body.length);
    const part = this.#uploadId
      .then((uploadId) => {
        if (this.#failure !== undefined) throw this.#failure;
        return this.uploader.uploadPart(this.key, uploadId, partNumber, body);
      })
      .catch((error: unknown) => {
        this.#failure ??= asError(error);
        throw error;
      })
      .finally(() => {
        this.gauge.endSending(body.length);
        this.pool.give(body);
      });
    // Failures are read through #failure and Promise.allSettled in end().
    part.catch(() => {});
    this.#parts.push(part);
    const tracked = part.catch(() => {});
    this.#unsettled.add(tracked);
    void tracked.then(() => this.#unsettled.delete(tracked));
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
