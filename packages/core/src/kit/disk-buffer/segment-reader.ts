import type { FileHandle } from 'node:fs/promises';
import { FRAME_HEADER_BYTES, findHeader, probeFrame } from './frame.js';

/** Bytes read from a segment file at a time (more when one frame is larger). */
const CHUNK_BYTES = 1 << 20;

/** What the next bytes of a segment hold. */
export type SegmentItem =
  /** A record; `data` is a view of the reader's bytes, valid until the next call. */
  | {
      readonly kind: 'record';
      readonly offset: number;
      readonly end: number;
      readonly logs: number;
      readonly data: Buffer;
    }
  /**
   * Bytes that hold no valid frame (a torn tail, a damaged header: `logs` 0, since nothing says
   * how many), or one frame whose record's bytes are damaged (`logs` from its header).
   */
  | {
      readonly kind: 'damage';
      readonly offset: number;
      readonly end: number;
      readonly logs: number;
    };

/**
 * Reads the frames of one segment file in order from `offset` up to `limit` (the bytes known to
 * be written; the writer raises it as it appends). Damage never stops it: a frame with damaged
 * bytes is skipped by its length, and a damaged header by searching for the next valid header.
 */
export class SegmentReader {
  #chunk = Buffer.alloc(0);
  #chunkStart = 0;

  constructor(
    private readonly handle: FileHandle,
    /** The next offset to read. */
    public position: number,
    /** Bytes of the file that may be read. */
    public limit: number,
  ) {}

  /** The next record or damaged stretch, or undefined at `limit`. */
  async next(): Promise<SegmentItem | undefined> {
    const at = this.position;
    if (at >= this.limit) return undefined;
    let view = await this.#bytes(at, FRAME_HEADER_BYTES);
    let probe = probeFrame(view, 0);
    if (probe.kind === 'short' && at + probe.bytes <= this.limit) {
      view = await this.#bytes(at, probe.bytes);
      probe = probeFrame(view, 0);
    }
    switch (probe.kind) {
      case 'frame':
        this.position = at + probe.end;
        return {
          kind: 'record',
          offset: at,
          end: this.position,
          logs: probe.logs,
          data: probe.data,
        };
      case 'damaged':
        this.position = at + probe.end;
        return { kind: 'damage', offset: at, end: this.position, logs: probe.logs };
      default:
        // No valid header, or one whose frame would run past what is written: resynchronize.
        this.position = await this.#nextHeader(at + 1);
        return { kind: 'damage', offset: at, end: this.position, logs: 0 };
    }
  }

  /** Where the next valid header at or after `from` starts, or `limit`. */
  async #nextHeader(from: number): Promise<number> {
    while (from < this.limit) {
      const view = await this.#bytes(from, Math.min(CHUNK_BYTES, this.limit - from));
      const found = findHeader(view, 0);
      if (found !== undefined) return from + found;
      if (from + view.length >= this.limit) break;
      from += Math.max(1, view.length - (FRAME_HEADER_BYTES - 1));
    }
    return this.limit;
  }

  /**
   * The file's bytes from `at`: at least `bytes` of them, or all up to `limit` (fewer if the file
   * turns out to be shorter, which lowers `limit`).
   */
  async #bytes(at: number, bytes: number): Promise<Buffer> {
    const wanted = Math.min(bytes, this.limit - at);
    const chunkEnd = this.#chunkStart + this.#chunk.length;
    if (at >= this.#chunkStart && at + wanted <= chunkEnd) {
      return this.#chunk.subarray(at - this.#chunkStart);
    }
    const length = Math.min(this.limit - at, Math.max(wanted, CHUNK_BYTES));
    const buffer = Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await this.handle.read(buffer, filled, length - filled, at + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled < length) this.limit = at + filled;
    this.#chunk = buffer.subarray(0, filled);
    this.#chunkStart = at;
    return this.#chunk;
  }
}
