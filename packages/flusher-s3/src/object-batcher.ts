import { randomUUID } from 'node:crypto';
import { compressionCodecs, type BufferGauge, type FlusherMetrics } from '@logflush/core';
import type { KeyedLines } from './batch-keys.js';
import { MemoryBatch } from './batches/memory-batch.js';
import type { FlusherS3Config } from './config.js';
import type { KeyFormat } from './key-format.js';
import { formatExtension, objectHeaders } from './object-headers.js';
import type { PartPool } from './part-pool.js';
import type { Piece, PieceTracker } from './pieces.js';
import type { Uploader } from './s3/uploader.js';

/** Batch keys whose `{index}` counter is remembered; past this, counters of closed keys are dropped. */
const maxRememberedIndexes = 10_000;

export interface ObjectBatcherOptions {
  readonly config: FlusherS3Config;
  readonly keyFormat: KeyFormat;
  readonly uploader: Uploader;
  readonly pool: PartPool;
  readonly gauge: BufferGauge;
  readonly metrics: FlusherMetrics;
  /** What each piece keeps of its lines: `logs` for the dead-letter file, `lines` to append them again. */
  readonly keep: { readonly lines: boolean; readonly logs: boolean };
  /** Nothing moves on unless an open object is closed early (see relieve). */
  readonly stuck: () => boolean;
  /**
   * An object's upload ended: `error` undefined when it is in S3. Called once per object, with
   * the pieces of its lines (none when nothing is kept and no delivery waits for them).
   */
  readonly settled: (
    object: MemoryBatch,
    pieces: Piece[],
    error: Error | undefined,
  ) => Promise<void>;
}

interface OpenObject {
  readonly batch: MemoryBatch;
  readonly pieces: Piece[];
  readonly timer: NodeJS.Timeout;
}

/**
 * The objects being filled, one per batch key: lines are appended to the object of their key,
 * which is closed (and uploaded in the background) at MaxObjectBytes, MaxEvents or FlushInterval.
 * Objects are opened, appended to and closed by one task at a time (`exclusive`), so a timer
 * never closes an object in the middle of an append.
 */
export class ObjectBatcher {
  readonly #options: ObjectBatcherOptions;
  readonly #open = new Map<string, OpenObject>();
  readonly #uploads = new Set<Promise<void>>();
  readonly #indexes = new Map<string, number>();
  #serial: Promise<unknown> = Promise.resolve();

  constructor(options: ObjectBatcherOptions) {
    this.#options = options;
  }

  /** Objects closed and not yet uploaded (or given up on). */
  get uploading(): number {
    return this.#uploads.size;
  }

  /** Runs `task` after every task before it. */
  exclusive<T>(task: () => T | Promise<T>): Promise<T> {
    const run = this.#serial.then(task);
    this.#serial = run.catch(() => {});
    return run;
  }

  /**
   * Appends each key's lines to its object, closing and opening objects at MaxObjectBytes /
   * MaxEvents. Call it inside `exclusive`. `tracker`: told of every piece and how it ended.
   */
  async append(linesByKey: Map<string, KeyedLines>, tracker?: PieceTracker): Promise<void> {
    for (const [batchKey, keyed] of linesByKey) await this.#appendKey(batchKey, keyed, tracker);
  }

  /** Closes every open object: each is uploaded in the background. */
  closeAll(): void {
    for (const open of [...this.#open.values()]) this.#close(open);
  }

  /** When nothing would ever move on otherwise (`stuck`), the biggest open object is closed early. */
  relieve(): void {
    if (!this.#options.stuck()) return;
    let biggest: OpenObject | undefined;
    for (const open of this.#open.values())
      if (biggest === undefined || open.batch.bytes > biggest.batch.bytes) biggest = open;
    if (biggest !== undefined) this.#close(biggest);
  }

  /** Waits for every task, then for every upload (close objects first to upload them). */
  async settle(): Promise<void> {
    await this.#serial;
    while (this.#uploads.size > 0) await Promise.allSettled([...this.#uploads]);
  }

  async #appendKey(batchKey: string, keyed: KeyedLines, tracker?: PieceTracker): Promise<void> {
    const { MaxObjectBytes: maxBytes, MaxEvents: maxEvents } = this.#options.config;
    const { lines } = keyed;
    let start = 0;
    while (start < lines.length) {
      const open = this.#open.get(batchKey) ?? (await this.#openObject(batchKey));
      const { batch } = open;
      const roomEvents = maxEvents > 0 ? maxEvents - batch.events : Number.POSITIVE_INFINITY;
      const roomBytes = maxBytes - batch.bytes;
      let end = lines.length;
      let text: string | undefined;
      let bytes = 0;
      if (end - start <= roomEvents) {
        text = joinLines(lines, start, end);
        bytes = Buffer.byteLength(text);
        if (bytes > roomBytes) text = undefined;
      }
      if (text === undefined) {
        end = start;
        bytes = 0;
        while (end < lines.length && end - start < roomEvents) {
          const size = Buffer.byteLength(lines[end]!) + 1;
          // A line longer than MaxObjectBytes still gets an object of its own.
          if (bytes + size > roomBytes && (end > start || batch.events > 0)) break;
          bytes += size;
          end++;
        }
        if (end === start) {
          this.#close(open);
          continue;
        }
        text = joinLines(lines, start, end);
      }
      await batch.append(text, bytes, end - start);
      this.#addPiece(open, batchKey, keyed, start, end, tracker);
      this.#options.metrics.add('in_size_bytes', bytes);
      if (batch.bytes >= maxBytes || (maxEvents > 0 && batch.events >= maxEvents))
        this.#close(open);
      start = end;
    }
  }

  #addPiece(
    open: OpenObject,
    batchKey: string,
    keyed: KeyedLines,
    start: number,
    end: number,
    tracker: PieceTracker | undefined,
  ): void {
    const { keep } = this.#options;
    if (tracker === undefined && !keep.lines && !keep.logs) return;
    const whole = start === 0 && end === keyed.lines.length;
    const slice = <T>(items: T[]) => (whole ? items : items.slice(start, end));
    open.pieces.push({
      batchKey,
      events: end - start,
      lines: keep.lines ? slice(keyed.lines) : undefined,
      logs: keep.logs ? slice(keyed.logs) : undefined,
      tracker,
    });
    tracker?.added();
  }

  async #openObject(batchKey: string): Promise<OpenObject> {
    const { config, keyFormat, uploader, pool, gauge } = this.#options;
    const compression = compressionCodecs[config.Compression];
    const objectKey = keyFormat.objectKey(batchKey, {
      uuid: randomUUID(),
      index: this.#nextIndex(batchKey),
      ext: formatExtension(config.Format) + compression.extension,
    });
    const batch = await MemoryBatch.open({
      batchKey,
      objectKey,
      uploader,
      headers: objectHeaders(config, compression.name),
      compression,
      pool,
      gauge,
    });
    const open: OpenObject = {
      batch,
      pieces: [],
      timer: setTimeout(() => void this.exclusive(() => this.#close(open)), config.FlushInterval),
    };
    this.#open.set(batchKey, open);
    return open;
  }

  #nextIndex(batchKey: string): number {
    const index = this.#indexes.get(batchKey) ?? 0;
    if (index === 0 && this.#indexes.size >= maxRememberedIndexes) {
      for (const key of this.#indexes.keys()) if (!this.#open.has(key)) this.#indexes.delete(key);
    }
    this.#indexes.set(batchKey, index + 1);
    return index;
  }

  /** No more lines go into the object: it is uploaded in the background. */
  #close(open: OpenObject): void {
    if (this.#open.get(open.batch.batchKey) !== open) return;
    this.#open.delete(open.batch.batchKey);
    clearTimeout(open.timer);
    const upload = this.#upload(open);
    this.#uploads.add(upload);
    void upload.finally(() => this.#uploads.delete(upload));
  }

  async #upload(open: OpenObject): Promise<void> {
    let failure: Error | undefined;
    try {
      await open.batch.finish();
    } catch (error) {
      failure = error instanceof Error ? error : new Error('upload failed', { cause: error });
    }
    try {
      await this.#options.settled(open.batch, open.pieces, failure);
    } finally {
      void this.exclusive(() => this.relieve());
    }
  }
}

function joinLines(lines: readonly string[], start: number, end: number): string {
  if (start === 0 && end === lines.length) return lines.join('\n') + '\n';
  return lines.slice(start, end).join('\n') + '\n';
}
