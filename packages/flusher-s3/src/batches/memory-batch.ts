import type { BufferGauge, CompressionCodec, Compressor } from '@logflush/core';
import { ObjectWriter } from '../object-writer.js';
import type { PartPool } from '../part-pool.js';
import type { ObjectHeaders, Uploader } from '../s3/uploader.js';

/**
 * An object being filled with the lines of logs that share a batch key, built in memory and
 * streamed to S3 while it fills: lines are compressed as they come, and every PartSize of output
 * leaves as a part of a multipart upload.
 */
export class MemoryBatch {
  /** Unix ms when its first log was accepted. */
  readonly openedAt = Date.now();
  #events = 0;
  #bytes = 0;

  private constructor(
    readonly batchKey: string,
    private readonly writer: ObjectWriter,
    private readonly compressor: Compressor,
    private readonly uncompressed: boolean,
  ) {}

  static async open(options: {
    batchKey: string;
    objectKey: string;
    uploader: Uploader;
    headers: ObjectHeaders;
    compression: CompressionCodec;
    pool: PartPool;
    gauge: BufferGauge;
  }): Promise<MemoryBatch> {
    const writer = new ObjectWriter(
      options.uploader,
      options.objectKey,
      options.headers,
      options.pool,
      options.gauge,
    );
    const compressor = await options.compression.create((chunk) => writer.write(chunk));
    return new MemoryBatch(
      options.batchKey,
      writer,
      compressor,
      options.compression.name === 'none',
    );
  }

  get objectKey(): string {
    return this.writer.key;
  }

  /** Logs in it. */
  get events(): number {
    return this.#events;
  }

  /** Bytes of lines in it, before compression. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Adds lines (each ending in "\n"), `bytes` long in UTF-8, holding `events` logs. */
  async append(lines: string, bytes: number, events: number): Promise<void> {
    this.#events += events;
    this.#bytes += bytes;
    // Uncompressed lines are encoded straight into the part, without a buffer of their own.
    if (this.uncompressed) this.writer.writeText(lines, bytes);
    else await this.compressor.write(Buffer.from(lines));
  }

  /**
   * No more appends: uploads the object; resolves once it is in S3, rejects when it failed. Either
   * way, what it held is released.
   */
  async finish(): Promise<void> {
    try {
      await this.compressor.end();
    } catch (error) {
      await this.writer.abandon(error);
      throw error;
    }
    await this.writer.end();
  }
}
