import type fs from 'node:fs/promises';
import type { BufferGauge } from '@logflush/core';
import { encodeRecord } from '../staging/record-file.js';
import type { StagedObject, StagingDir } from '../staging/staging-dir.js';
import type { OpenBatch } from './batch.js';

/**
 * An object staged on disk: each append is one record in its records file, made durable by
 * `sync` before the flush resolves. `finish` closes the file and hands the object to `upload`.
 */
export class StagedBatch implements OpenBatch {
  #events = 0;
  #bytes = 0;
  #stagedBytes = 0;
  #dirty = false;

  private constructor(
    readonly batchKey: string,
    private readonly object: StagedObject,
    private readonly file: fs.FileHandle,
    private readonly gauge: BufferGauge,
    private readonly upload: (object: StagedObject) => Promise<number>,
  ) {}

  static async open(options: {
    batchKey: string;
    object: StagedObject;
    staging: StagingDir;
    gauge: BufferGauge;
    upload: (object: StagedObject) => Promise<number>;
  }): Promise<StagedBatch> {
    const file = await options.staging.create(options.object.id, options.object.meta);
    return new StagedBatch(options.batchKey, options.object, file, options.gauge, options.upload);
  }

  get objectKey(): string {
    return this.object.meta.key;
  }

  get openedAt(): number {
    return this.object.meta.openedAt;
  }

  get events(): number {
    return this.#events;
  }

  get bytes(): number {
    return this.#bytes;
  }

  async append(lines: string, bytes: number, events: number): Promise<void> {
    const record = encodeRecord(Buffer.from(lines), events);
    const size = record[0]!.length + bytes;
    try {
      const { bytesWritten } = await this.file.writev(record);
      if (bytesWritten !== size)
        throw new Error(`short write to ${this.object.id}: ${bytesWritten} of ${size} bytes`);
    } catch (error) {
      // Cut the torn record off, so that the records after it can still be read.
      await this.file.truncate(this.#stagedBytes).catch(() => {});
      throw error;
    }
    this.#stagedBytes += size;
    this.#events += events;
    this.#bytes += bytes;
    this.#dirty = true;
  }

  async sync(): Promise<void> {
    if (!this.#dirty) return;
    this.#dirty = false;
    await this.file.datasync();
  }

  async finish(): Promise<void> {
    // From now on (synchronously, as the object is closed) its staged bytes wait for upload,
    // which is what MaxBufferedBytes bounds.
    const staged = this.#stagedBytes;
    this.gauge.hold(staged);
    this.gauge.startSending(staged);
    try {
      await this.sync();
      await this.file.close();
      await this.upload(this.object);
    } finally {
      this.gauge.endSending(staged);
    }
  }
}
