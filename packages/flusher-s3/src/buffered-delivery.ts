import { setTimeout as sleep } from 'node:timers/promises';
import {
  BufferDrain,
  backoffDelay,
  bufferFrameHeaderBytes,
  groupRecords,
  recordGroup,
  segmentBytesOf,
  type BufferBatch,
  type BufferRecord,
  type FlushRequest,
  type FlusherContext,
  type LogBuffer,
  type LogGroup,
} from '@logflush/core';
import type { KeyedLines } from './batch-keys.js';
import type { FlusherS3Config } from './config.js';
import type { ObjectBatcher } from './object-batcher.js';
import { PieceTracker, type Piece } from './pieces.js';

/**
 * Batches read from the buffer and not yet uploaded, at most. With MaxBufferedBytes split over
 * them, this bounds the memory of the objects being built; at it, with nothing uploading, the
 * biggest open object is closed early.
 */
export const maxDeliveries = 64;
/** The smallest read (and record): a read holds at least one record anyway. */
const minReadBytes = 64 * 1024;
/** While stopping: how often `finish` looks whether the open objects can be closed. */
const finishPollMs = 50;

export interface BufferedDeliveryOptions {
  readonly config: FlusherS3Config;
  readonly buffer: LogBuffer;
  readonly batcher: ObjectBatcher;
  readonly context: FlusherContext;
  /** Each log's line under its batch key, as a flush without the buffer makes them. */
  readonly linesOf: (groups: LogGroup[]) => Map<string, KeyedLines>;
  /** Objects are closed as soon as lines are appended (the flusher is urgent). */
  readonly closeAtOnce: () => boolean;
  /** Aborted when the flusher stops: waits between retries end. */
  readonly stopping: AbortSignal;
}

/**
 * flusher_s3 with `Buffer: {"Type": "disk"}`: `flush` stores its logs in the buffer (LogGroup
 * records) and resolves once they are fsynced; a drain reads them back in order and appends their
 * lines to the objects, as a flush without the buffer does. A batch is acknowledged once every
 * object holding its lines is uploaded or given up on (dead letter), so a crash uploads again at
 * most what was not uploaded. An object that failed with an error a retry may fix has its lines
 * appended again after Backoff.Max, for as long as the flusher runs; at stop they stay in the
 * buffer.
 */
export class BufferedDelivery {
  readonly #options: BufferedDeliveryOptions;
  readonly #drain: BufferDrain;
  readonly #readBytes: number;
  /** Deliveries in progress, and their records. */
  #active = 0;
  #activeRecords = 0;
  /** Stopping, a delivery gave up (S3 fails): the others end once their objects are closed. */
  #givingUp = false;

  constructor(options: BufferedDeliveryOptions) {
    this.#options = options;
    this.#readBytes = Math.max(
      minReadBytes,
      Math.floor(options.config.MaxBufferedBytes / maxDeliveries),
    );
    this.#drain = new BufferDrain({
      buffer: options.buffer,
      limits: { maxRecords: Number.MAX_SAFE_INTEGER, maxBytes: this.#readBytes },
      maxInFlight: maxDeliveries,
      deliver: (batch, finishing) => this.#deliver(batch, finishing),
    });
  }

  /** Every delivery waits for open objects and nothing uploads: one must be closed early. */
  get stuck(): boolean {
    return this.#active >= maxDeliveries && this.#options.batcher.uploading === 0;
  }

  start(): void {
    const { buffer, context, config } = this.#options;
    const { recovered } = buffer;
    if (recovered.records > 0) {
      context.logger.info(
        `flusher_s3: uploading ${recovered.logs} logs left in the disk buffer "${config.Buffer.Path}" by an earlier run`,
      );
      context.metrics.add('recovered_events', recovered.logs);
    }
    this.#drain.start();
  }

  /**
   * Stores a flush's logs: resolves 'stored' once durable, 'dropped' when the buffer was full
   * (WhenFull drop_newest). `oversized`: logs larger than a segment, not stored.
   */
  async store(
    request: FlushRequest,
  ): Promise<{ stored: 'stored' | 'dropped'; oversized: LogGroup[] }> {
    const { records, oversized } = this.#records(request);
    const stored = records.length === 0 ? 'stored' : await this.#options.buffer.append(records);
    return { stored, oversized };
  }

  /** The disk buffer it delivers from. */
  get buffer(): LogBuffer {
    return this.#options.buffer;
  }

  /**
   * Uploads what is stored unless S3 fails, then closes the buffer; from the call on, a failed
   * object is not appended again (its batches stay in the buffer). It closes the open objects
   * itself, once the last stored batches are appended to them.
   */
  async finish(): Promise<void> {
    const { batcher, buffer } = this.#options;
    let drained = false;
    const draining = this.#drain.finish().finally(() => (drained = true));
    // Objects are closed once every stored record is being delivered: the objects of the last
    // batches are as full as they would be without the buffer. Acks come just after a delivery
    // ends, so this is looked at again until the drain is done.
    while (!drained) {
      await batcher.exclusive(() => {
        if (this.#givingUp || buffer.backlog.records <= this.#activeRecords) batcher.closeAll();
      });
      await Promise.race([draining, sleep(finishPollMs)]);
    }
    await draining;
    const { logs } = buffer.backlog;
    if (logs > 0) {
      this.#options.context.logger.warn(
        'FLUSHER_FLUSH_ALARM',
        `flusher_s3: ${logs} logs stay in the disk buffer "${this.#options.config.Buffer.Path}"; they are uploaded at its next start`,
      );
    }
  }

  /**
   * Records of at most one read each (so that a read bounds memory), in order; a log too large
   * for that goes in a record as large as a segment, and one too large for a segment is oversized.
   */
  #records(request: FlushRequest): { records: BufferRecord[]; oversized: LogGroup[] } {
    const segmentData = segmentBytesOf(this.#options.config.Buffer) - bufferFrameHeaderBytes;
    const readData = Math.min(segmentData, this.#readBytes - bufferFrameHeaderBytes);
    const records: BufferRecord[] = [];
    const oversized: LogGroup[] = [];
    for (const group of request.logGroups) {
      let split = groupRecords(request.logstore, [group], readData);
      if (split.oversized.length > 0) split = groupRecords(request.logstore, [group], segmentData);
      records.push(...split.records);
      oversized.push(...split.oversized);
    }
    return { records, oversized };
  }

  async #deliver(batch: BufferBatch, finishing: () => boolean): Promise<boolean> {
    const { batcher, config, context, linesOf, closeAtOnce, stopping } = this.#options;
    this.#active += 1;
    this.#activeRecords += batch.records.length;
    try {
      let linesByKey = linesOf(batch.records.map((record) => recordGroup(record).group));
      for (let round = 1; ; round++) {
        const tracker = new PieceTracker();
        await batcher.exclusive(async () => {
          await batcher.append(linesByKey, tracker);
          if (closeAtOnce() || this.#givingUp) batcher.closeAll();
          batcher.relieve();
        });
        tracker.seal();
        const again = await tracker.done;
        if (again.length === 0) return true;
        if (finishing() || stopping.aborted) return this.#giveUp();
        const waitMs = backoffDelay(round, {
          initMs: config.Backoff.Max,
          maxMs: config.Backoff.Max,
        });
        context.logger.warn(
          'FLUSHER_FLUSH_ALARM',
          `flusher_s3: ${countEvents(again)} buffered logs still not uploaded after their retries; they stay in the disk buffer and are uploaded again in ${Math.round(waitMs)} ms`,
        );
        try {
          await sleep(waitMs, undefined, { signal: stopping });
        } catch {
          return this.#giveUp();
        }
        linesByKey = regroup(again);
      }
    } finally {
      this.#active -= 1;
      this.#activeRecords -= batch.records.length;
    }
  }

  /** Stopping with S3 failing: this batch stays in the buffer, and so will those still open. */
  async #giveUp(): Promise<false> {
    const { batcher } = this.#options;
    this.#givingUp = true;
    await batcher.exclusive(() => batcher.closeAll());
    return false;
  }
}

function countEvents(pieces: readonly Piece[]): number {
  let events = 0;
  for (const piece of pieces) events += piece.events;
  return events;
}

/** The lines of pieces to append again, by batch key, in their order. */
function regroup(pieces: readonly Piece[]): Map<string, KeyedLines> {
  const byKey = new Map<string, KeyedLines>();
  for (const piece of pieces) {
    let keyed = byKey.get(piece.batchKey);
    if (keyed === undefined) byKey.set(piece.batchKey, (keyed = { lines: [], logs: [] }));
    for (const line of piece.lines!) keyed.lines.push(line);
    for (const log of piece.logs!) keyed.logs.push(log);
  }
  return byKey;
}
