import type { Logger } from '../../logger.js';
import type { FlusherMetrics } from '../../metrics.js';

export const bufferTypes = ['memory', 'disk'] as const;
export type BufferType = (typeof bufferTypes)[number];

export const whenFullModes = ['block', 'drop_newest'] as const;
export type WhenFull = (typeof whenFullModes)[number];

/** What `Buffer: {…}` decodes to (see bufferOptions), and what openBuffer takes. */
export interface BufferOptions {
  readonly Type: BufferType;
  /** With `disk`: the directory of the segment files; one buffer per directory. */
  readonly Path: string;
  /** The bound: at it, `WhenFull` applies. */
  readonly MaxBytes: number;
  /** Bytes per segment file, and the most an append may pass MaxBytes by; unset: derived (segmentBytesOf). */
  readonly SegmentBytes?: number | undefined;
  readonly WhenFull: WhenFull;
}

/**
 * One record: bytes the flusher chose (a serialized message, a LogGroup, its own small header
 * in front), and the number of logs it carries, so delivered and failed counts stay exact.
 */
export interface BufferRecord {
  readonly data: Uint8Array;
  readonly logs: number;
}

/** Records read together; `ack` it once they are delivered (or given up on and reported). */
export interface BufferBatch {
  readonly records: readonly BufferRecord[];
  /** The logs of its records. */
  readonly logs: number;
  /** Its records' bytes as the buffer counts them (each with its 20-byte frame header). */
  readonly bytes: number;
}

/** Records stored and not yet acknowledged (read or not). */
export interface BufferBacklog {
  readonly records: number;
  readonly bytes: number;
  readonly logs: number;
}

/** Limits of one `read`: it returns at least one record, and more while they fit. */
export interface ReadLimits {
  readonly maxRecords: number;
  readonly maxBytes: number;
}

/** Damaged bytes that were skipped (a torn tail, a flipped byte): counted, never delivered. */
export interface BufferDamage {
  /** The segment file. */
  readonly file: string;
  readonly offset: number;
  readonly bytes: number;
  /** 1 per damaged stretch: a frame whose bytes are damaged, or a run of bytes with no valid frame. */
  readonly records: number;
  /**
   * Logs known lost: from the header of a frame whose bytes are damaged; 0 when no header
   * survived, and for a torn tail (a frame cut off by the end of the file: an append a crash
   * interrupted, whose flush had not resolved).
   */
  readonly logs: number;
  /** Found while opening (left by an earlier run) rather than while reading. */
  readonly atOpen: boolean;
}

/** Totals of damage skipped since the buffer was opened (what open found included). */
export interface BufferCorruption {
  readonly records: number;
  readonly bytes: number;
  readonly logs: number;
}

/** Appends refused by `WhenFull: drop_newest`, since the buffer was opened. */
export interface BufferDrops {
  readonly appends: number;
  readonly records: number;
  readonly logs: number;
}

/** Where a buffer reports. */
export interface BufferContext {
  /** Warnings (`BUFFER_CORRUPT_ALARM`, `BUFFER_FULL_ALARM`, `BUFFER_POSITION_ALARM`) and what open recovered. */
  readonly logger?: Logger;
  /** `dropped_events`, `buffer_corrupt_records`, `buffer_corrupt_bytes`, `buffer_corrupt_events`. */
  readonly metrics?: FlusherMetrics;
  /** Called for every damaged stretch skipped. */
  readonly onDamage?: (damage: BufferDamage) => void;
}

/**
 * The buffer between a flusher's `flush` and its sender, on disk or in memory behind one
 * interface: `append` what `flush` accepted, `read` it back in order, `ack` what was delivered.
 */
export interface LogBuffer {
  readonly type: BufferType;
  /**
   * Stores `records` in order, after every earlier append. `stored`: they are in the buffer (on
   * disk: written and fsynced). `dropped`: the buffer was full and `WhenFull` is `drop_newest`;
   * nothing of them was stored, and their logs are counted in `dropped_events`. With `block`, it
   * waits for room. Rejects with BufferClosedError after `close` (and for appends still waiting
   * for room when `close` is called), with a RangeError for a record larger than a segment.
   */
  append(records: readonly BufferRecord[]): Promise<'stored' | 'dropped'>;
  /**
   * The next records not yet read, in the order they were appended: at least one, more while
   * `limits` allow. Waits while there are none; undefined once the buffer is closed.
   */
  read(limits: ReadLimits): Promise<BufferBatch | undefined>;
  /**
   * Releases a batch's records. Batches may be acknowledged in any order; the position kept for a
   * restart advances over the acknowledged ones in read order, and segments wholly behind it are
   * deleted. Resolves once that is done; never rejects for I/O (a position that could not be
   * written is logged, and its records come again after a restart), only for a batch that is not
   * this buffer's.
   */
  ack(batch: BufferBatch): Promise<void>;
  /** Stored and not acknowledged. */
  readonly backlog: BufferBacklog;
  /** What the buffer held when it opened, left by an earlier run (memory: always none). */
  readonly recovered: BufferBacklog;
  /** Bytes held against MaxBytes: on disk, the segment files' sizes. */
  readonly usedBytes: number;
  /** With `WhenFull: block`: an append now would wait (the flusher's isReady is false). */
  readonly full: boolean;
  readonly corruption: BufferCorruption;
  readonly drops: BufferDrops;
  /**
   * Waits for appends already admitted, rejects those still waiting for room, ends waiting reads,
   * writes the position and releases the files. What is not acknowledged stays on disk for the next
   * `openBuffer` on the same Path (in memory it is gone: count it). Repeated calls share one promise.
   */
  close(): Promise<void>;
}
