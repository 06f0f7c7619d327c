import { mkdir, open, rm, truncate, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { AckOrder, type Ticket } from './ack-order.js';
import { BufferClosedError } from './errors.js';
import { frameBytes, writeFrame } from './frame.js';
import { lockDirectory } from './lock.js';
import { readPosition, writePosition, type Position } from './position-file.js';
import { checkReadLimits, measureRecords } from './records.js';
import { BufferReport } from './report.js';
import { scanSegment } from './scan.js';
import { listSegments, segmentName, syncDirectory } from './segment-files.js';
import { SegmentReader, type SegmentItem } from './segment-reader.js';
import { SpaceGate } from './space-gate.js';
import type {
  BufferBacklog,
  BufferBatch,
  BufferContext,
  BufferCorruption,
  BufferDrops,
  BufferRecord,
  LogBuffer,
  ReadLimits,
  WhenFull,
} from './types.js';

export interface DiskBufferSettings {
  readonly path: string;
  readonly maxBytes: number;
  readonly segmentBytes: number;
  readonly whenFull: WhenFull;
}

interface Segment {
  readonly seq: number;
  readonly path: string;
  /** Bytes that may be read: written and fsynced. */
  size: number;
  /** Bytes in the file: what counts against MaxBytes. */
  written: number;
  /** No more appends go to it. */
  sealed: boolean;
  /** It was there when the buffer opened: its damage was counted then. */
  readonly fromEarlierRun: boolean;
}

interface PendingAppend {
  readonly records: readonly BufferRecord[];
  /** The append's frames, one after the other. */
  readonly frames: Buffer;
  readonly frameSizes: readonly number[];
  readonly bytes: number;
  readonly logs: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

type Counts = { records: number; bytes: number; logs: number };

/** A record this run wrote, kept in memory where it was written, for a read to hand back as it is. */
interface RecentRecord {
  readonly seq: number;
  readonly offset: number;
  readonly end: number;
  readonly record: BufferRecord;
}

/**
 * The most bytes of records kept for reads in the same run. A sender that keeps up reads each
 * record soon after it was written: it gets the very record object back (no disk read, no copy,
 * and a flusher that kept its own form of the record beside it needs no decoding), while the
 * bytes on disk are still what a restart reads.
 */
const recentBytesLimit = 8 * 1024 * 1024;

const zero = (): Counts => ({ records: 0, bytes: 0, logs: 0 });

const samePosition = (a: Position, b: Position) => a.seq === b.seq && a.offset === b.offset;

async function writeAll(handle: FileHandle, buffers: Buffer[], position: number): Promise<void> {
  const data = buffers.length === 1 ? buffers[0]! : Buffer.concat(buffers);
  for (let done = 0; done < data.length;) {
    const { bytesWritten } = await handle.write(data, done, data.length - done, position + done);
    done += bytesWritten;
  }
}

/**
 * The disk buffer (docs/design.md §9.8): records framed in segment files, appends fsynced before
 * they resolve (group commit: the appends that arrive during one write and fsync go out together
 * in the next), read back in order, and released by acknowledgement: the acknowledged position
 * is kept in `position`, and segments wholly behind it are deleted.
 */
export class DiskBuffer implements LogBuffer {
  readonly type = 'disk' as const;
  /** What the buffer held when it opened (left by an earlier run). */
  readonly recovered: BufferBacklog;
  readonly #dir: string;
  readonly #segmentBytes: number;
  readonly #gate: SpaceGate;
  readonly #report: BufferReport;
  readonly #context: BufferContext;
  readonly #unlock: () => Promise<void>;
  readonly #segments: Segment[];
  #nextSeq: number;
  #backlog: Counts;

  // Writing
  #pending: PendingAppend[] = [];
  #pendingBytes = 0;
  #writing: Promise<void> | undefined;
  #active: { segment: Segment; handle: FileHandle } | undefined;
  /** Records written by this run and not yet read, in file order (at most recentBytesLimit). */
  #recent: RecentRecord[] = [];
  #recentBytes = 0;

  // Reading
  #cursor: Position;
  #reading: { segment: Segment; handle: FileHandle; reader: SegmentReader } | undefined;
  #readChain: Promise<unknown> = Promise.resolve();
  #waiters: Array<() => void> = [];
  #commits = 0;

  // Acknowledging
  readonly #acks = new AckOrder<Position>();
  readonly #tickets = new WeakMap<BufferBatch, Ticket<Position>>();
  #committed: Position;
  #persisted: Position;
  #persisting: Promise<void> | undefined;

  #closed = false;
  #closing: Promise<void> | undefined;
  /** Closing has passed the last write of the position: acknowledgements are no longer kept. */
  #released = false;

  private constructor(
    dir: string,
    settings: DiskBufferSettings,
    context: BufferContext,
    report: BufferReport,
    unlock: () => Promise<void>,
    found: { segments: Segment[]; cursor: Position; nextSeq: number; backlog: Counts },
  ) {
    this.#dir = dir;
    this.#segmentBytes = settings.segmentBytes;
    this.#context = context;
    this.#report = report;
    this.#unlock = unlock;
    this.#segments = found.segments;
    this.#nextSeq = found.nextSeq;
    this.#backlog = found.backlog;
    this.recovered = { ...found.backlog };
    this.#cursor = found.cursor;
    this.#committed = found.cursor;
    this.#persisted = found.cursor;
    this.#gate = new SpaceGate(
      settings.maxBytes,
      settings.segmentBytes,
      settings.whenFull,
      () => this.usedBytes + this.#pendingBytes,
    );
  }

  /**
   * Opens (creating it if needed) the buffer in `settings.path`: takes its lock, reads the kept
   * position, deletes segments behind it, and checks every frame after it, counting damage.
   */
  static async open(settings: DiskBufferSettings, context: BufferContext): Promise<DiskBuffer> {
    const dir = path.resolve(settings.path);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const unlock = await lockDirectory(dir);
    try {
      const report = new BufferReport(context, `buffer ${dir}`);
      const { position, damaged } = await readPosition(dir);
      if (damaged) {
        context.logger?.warn(
          'BUFFER_POSITION_ALARM',
          `buffer ${dir}: the position file is damaged; reading from the oldest segment (records may come again)`,
        );
      }
      const files = await listSegments(dir);
      const segments: Segment[] = [];
      const backlog = zero();
      let cursor: Position | undefined;
      for (const file of files) {
        if (position !== undefined && file.seq < position.seq) {
          // Acknowledged: its deletion was cut off by a crash.
          await rm(file.path, { force: true });
          continue;
        }
        const from =
          position !== undefined && file.seq === position.seq
            ? Math.min(position.offset, file.size)
            : 0;
        const found = await scanSegment(file, from, (damage) =>
          report.damaged({
            file: file.path,
            offset: damage.offset,
            bytes: damage.end - damage.offset,
            records: 1,
            logs: damage.logs,
            atOpen: true,
          }),
        );
        if (found.records === 0) {
          // Nothing left to deliver in it (acknowledged, or only damage, counted above).
          await rm(file.path, { force: true });
          continue;
        }
        cursor ??= { seq: file.seq, offset: from };
        segments.push({
          seq: file.seq,
          path: file.path,
          size: file.size,
          written: file.size,
          sealed: true,
          fromEarlierRun: true,
        });
        backlog.records += found.records;
        backlog.bytes += found.bytes;
        backlog.logs += found.logs;
      }
      const nextSeq = Math.max(position?.seq ?? 0, files.at(-1)?.seq ?? 0) + 1;
      if (backlog.records > 0) {
        context.logger?.info(
          `buffer ${dir}: ${backlog.records} records (${backlog.logs} logs) left by an earlier run to deliver`,
          { ...backlog },
        );
      }
      return new DiskBuffer(dir, settings, context, report, unlock, {
        segments,
        cursor: cursor ?? { seq: nextSeq, offset: 0 },
        nextSeq,
        backlog,
      });
    } catch (error) {
      await unlock();
      throw error;
    }
  }

  get backlog(): BufferBacklog {
    return { ...this.#backlog };
  }

  get usedBytes(): number {
    let bytes = 0;
    for (const segment of this.#segments) bytes += segment.written;
    return bytes;
  }

  get full(): boolean {
    return this.#gate.full;
  }

  get corruption(): BufferCorruption {
    return this.#report.corruption;
  }

  get drops(): BufferDrops {
    return this.#report.drops;
  }

  /** The segment files now in the directory, oldest first (for tests and diagnostics). */
  get segmentFiles(): string[] {
    return this.#segments.map((segment) => segment.path);
  }

  // --- append ------------------------------------------------------------------------------

  async append(records: readonly BufferRecord[]): Promise<'stored' | 'dropped'> {
    if (this.#closed) throw new BufferClosedError('append after close');
    const { bytes, logs } = measureRecords(records, this.#segmentBytes);
    if (records.length === 0) return 'stored';
    if (!this.#gate.canEverFit(bytes)) {
      throw new RangeError(
        `append of ${bytes} bytes is larger than MaxBytes and one segment together (${this.#gate.maxBytes + this.#gate.slackBytes})`,
      );
    }
    const frames = Buffer.allocUnsafe(bytes);
    const frameSizes: number[] = [];
    let at = 0;
    for (const record of records) {
      at = writeFrame(frames, at, record.data, record.logs);
      frameSizes.push(frameBytes(record.data.length));
    }
    let entry!: PendingAppend;
    const stored = new Promise<void>((resolve, reject) => {
      entry = { records, frames, frameSizes, bytes, logs, resolve, reject };
    });
    const admitted = await this.#gate.request(bytes, () => {
      this.#pending.push(entry);
      this.#pendingBytes += bytes;
      this.#writing ??= this.#writeAll();
    });
    if (!admitted) {
      this.#report.dropped(records.length, logs);
      return 'dropped';
    }
    await stored;
    this.#report.stored();
    return 'stored';
  }

  /** Writes groups of pending appends until none is left. */
  async #writeAll(): Promise<void> {
    try {
      while (this.#pending.length > 0) {
        const group = this.#pending.splice(0);
        let groupBytes = 0;
        for (const entry of group) groupBytes += entry.bytes;
        try {
          await this.#writeGroup(group);
          for (const entry of group) {
            this.#backlog.records += entry.frameSizes.length;
            this.#backlog.bytes += entry.bytes;
            this.#backlog.logs += entry.logs;
          }
          this.#pendingBytes -= groupBytes;
          for (const entry of group) entry.resolve();
        } catch (error) {
          this.#pendingBytes -= groupBytes;
          for (const entry of group) entry.reject(error);
          this.#gate.release();
        }
        this.#commits++;
        this.#wakeReaders();
      }
    } finally {
      this.#writing = undefined;
    }
  }

  /**
   * Writes one group's frames at the end of the active segment, starting a new segment where the
   * next frame would not fit, fsyncs them, and only then lets readers see them.
   */
  async #writeGroup(group: readonly PendingAppend[]): Promise<void> {
    const touched = new Map<Segment, number>();
    const sealed: Segment[] = [];
    const written: RecentRecord[] = [];
    let run: Buffer[] = [];
    let runBytes = 0;
    let offset = this.#active?.segment.written ?? 0;
    const writeRun = async () => {
      if (runBytes === 0) return;
      const { segment, handle } = this.#active!;
      await writeAll(handle, run, offset);
      touched.set(segment, (touched.get(segment) ?? 0) + runBytes);
      offset += runBytes;
      run = [];
      runBytes = 0;
    };
    try {
      for (const entry of group) {
        let at = 0;
        for (const [index, size] of entry.frameSizes.entries()) {
          const length = offset + runBytes;
          if (this.#active === undefined || (length > 0 && length + size > this.#segmentBytes)) {
            if (this.#active !== undefined) {
              await writeRun();
              const { segment, handle } = this.#active;
              this.#active = undefined;
              sealed.push(segment);
              try {
                await handle.datasync();
              } finally {
                await handle.close();
              }
            }
            this.#active = await this.#createSegment();
            offset = 0;
          }
          const start = offset + runBytes;
          const record = entry.records[index]!;
          written.push({ seq: this.#active.segment.seq, offset: start, end: start + size, record });
          run.push(entry.frames.subarray(at, at + size));
          runBytes += size;
          at += size;
        }
      }
      await writeRun();
      await this.#active!.handle.datasync();
    } catch (error) {
      await this.#undo(touched, sealed);
      throw error;
    }
    for (const [segment, bytes] of touched) {
      segment.written += bytes;
      segment.size = segment.written;
    }
    for (const segment of sealed) segment.sealed = true;
    for (const recent of written) {
      if (this.#recentBytes + recent.record.data.length > recentBytesLimit) break;
      this.#recent.push(recent);
      this.#recentBytes += recent.record.data.length;
    }
  }

  /** The record this run wrote at `position`, if it is kept; passes over those behind it. */
  #recentAt(position: Position): RecentRecord | undefined {
    while (this.#recent.length > 0) {
      const head = this.#recent[0]!;
      const behind =
        head.seq < position.seq || (head.seq === position.seq && head.offset < position.offset);
      if (!behind)
        return head.seq === position.seq && head.offset === position.offset ? head : undefined;
      this.#recent.shift();
      this.#recentBytes -= head.record.data.length;
    }
    return undefined;
  }

  /**
   * After a failed write: the active segment takes no more appends (its file's state is not
   * known), and what the group wrote is cut off again where that can be done; bytes that stay
   * are never read in this run, and are counted against MaxBytes.
   */
  async #undo(touched: Map<Segment, number>, sealed: Segment[]): Promise<void> {
    if (this.#active !== undefined) {
      const { segment, handle } = this.#active;
      this.#active = undefined;
      sealed.push(segment);
      await handle.close().catch(() => {});
    }
    for (const segment of sealed) segment.sealed = true;
    for (const [segment, bytes] of touched) {
      await truncate(segment.path, segment.written).catch(() => {
        segment.written += bytes;
      });
    }
  }

  async #createSegment(): Promise<{ segment: Segment; handle: FileHandle }> {
    const seq = this.#nextSeq++;
    const file = path.join(this.#dir, segmentName(seq));
    const handle = await open(file, 'wx', 0o600);
    try {
      await syncDirectory(this.#dir);
    } catch (error) {
      await handle.close();
      throw error;
    }
    const segment: Segment = {
      seq,
      path: file,
      size: 0,
      written: 0,
      sealed: false,
      fromEarlierRun: false,
    };
    this.#segments.push(segment);
    return { segment, handle };
  }

  // --- read --------------------------------------------------------------------------------

  async read(limits: ReadLimits): Promise<BufferBatch | undefined> {
    checkReadLimits(limits);
    // One read at a time, in call order.
    const result = this.#readChain.then(() => this.#readWhenThere(limits));
    this.#readChain = result.catch(() => {});
    return result;
  }

  async #readWhenThere(limits: ReadLimits): Promise<BufferBatch | undefined> {
    for (;;) {
      if (this.#closed) return undefined;
      const commits = this.#commits;
      const batch = await this.#collect(limits);
      if (batch !== undefined) return batch;
      if (this.#commits !== commits) continue;
      // Drained: nothing stored is left unread or unacknowledged (this also settles what damage
      // found while reading took away without saying how many records and logs it held).
      if (this.#acks.outstanding === 0) this.#backlog = zero();
      if (this.#closed) return undefined;
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  #wakeReaders(): void {
    for (const wake of this.#waiters.splice(0)) wake();
  }

  /** The first segment at or after `seq`. */
  #segmentFrom(seq: number): Segment | undefined {
    return this.#segments.find((segment) => segment.seq >= seq);
  }

  async #readerFor(segment: Segment): Promise<SegmentReader> {
    if (this.#reading?.segment !== segment) {
      await this.#closeReading();
      const handle = await open(segment.path, 'r');
      const reader = new SegmentReader(handle, this.#cursor.offset, segment.size);
      this.#reading = { segment, handle, reader };
    }
    this.#reading.reader.limit = segment.size;
    return this.#reading.reader;
  }

  async #closeReading(): Promise<void> {
    const reading = this.#reading;
    this.#reading = undefined;
    await reading?.handle.close();
  }

  /** The next records from the cursor, within `limits`; undefined when there are none yet. */
  async #collect(limits: ReadLimits): Promise<BufferBatch | undefined> {
    const records: BufferRecord[] = [];
    let bytes = 0;
    let logs = 0;
    while (records.length < limits.maxRecords) {
      const segment = this.#segmentFrom(this.#cursor.seq);
      if (segment === undefined) break;
      if (segment.seq !== this.#cursor.seq) this.#cursor = { seq: segment.seq, offset: 0 };
      if (this.#cursor.offset >= segment.size) {
        const next = segment.sealed ? this.#segmentFrom(segment.seq + 1) : undefined;
        if (next === undefined) break;
        await this.#closeReading();
        this.#cursor = { seq: next.seq, offset: 0 };
        continue;
      }
      const recent = this.#recentAt(this.#cursor);
      if (recent !== undefined) {
        const size = recent.end - recent.offset;
        if (records.length > 0 && bytes + size > limits.maxBytes) break;
        records.push(recent.record);
        bytes += size;
        logs += recent.record.logs;
        this.#cursor = { seq: segment.seq, offset: recent.end };
        if (this.#reading?.segment === segment) this.#reading.reader.position = recent.end;
        if (bytes >= limits.maxBytes) break;
        continue;
      }
      const reader = await this.#readerFor(segment);
      const item = await reader.next();
      if (item === undefined) {
        // The file is shorter than it was known to be: read no further in it.
        segment.size = Math.min(segment.size, Math.max(reader.limit, this.#cursor.offset));
        continue;
      }
      if (item.kind === 'damage') {
        this.#cursor = { seq: segment.seq, offset: item.end };
        if (!segment.fromEarlierRun) this.#damagedWhileReading(segment, item);
        continue;
      }
      const size = item.end - item.offset;
      if (records.length > 0 && bytes + size > limits.maxBytes) {
        reader.position = item.offset;
        break;
      }
      records.push({ data: Buffer.from(item.data), logs: item.logs });
      bytes += size;
      logs += item.logs;
      this.#cursor = { seq: segment.seq, offset: item.end };
      if (bytes >= limits.maxBytes) break;
    }
    if (records.length === 0) return undefined;
    const batch: BufferBatch = { records, logs, bytes };
    const end = this.#normalize(this.#cursor);
    this.#tickets.set(batch, this.#acks.issue(end, { records: records.length, bytes, logs }));
    return batch;
  }

  #damagedWhileReading(segment: Segment, damage: Extract<SegmentItem, { kind: 'damage' }>): void {
    const bytes = damage.end - damage.offset;
    this.#report.damaged({
      file: segment.path,
      offset: damage.offset,
      bytes,
      records: 1,
      logs: damage.logs,
      atOpen: false,
    });
    // Counted in the backlog when stored, never to be acknowledged.
    this.#backlog.bytes = Math.max(0, this.#backlog.bytes - bytes);
    this.#backlog.logs = Math.max(0, this.#backlog.logs - damage.logs);
    this.#backlog.records = Math.max(0, this.#backlog.records - 1);
  }

  /** A position at the end of a sealed segment is the start of the next one. */
  #normalize(position: Position): Position {
    const segment = this.#segments.find((s) => s.seq === position.seq);
    if (segment === undefined || !segment.sealed || position.offset < segment.size) return position;
    const next = this.#segmentFrom(segment.seq + 1);
    return next === undefined ? position : { seq: next.seq, offset: 0 };
  }

  // --- ack ---------------------------------------------------------------------------------

  ack(batch: BufferBatch): Promise<void> {
    const ticket = this.#tickets.get(batch);
    if (ticket === undefined) {
      return Promise.reject(new TypeError('ack: the batch was not read from this buffer'));
    }
    if (ticket.acked || this.#released) return this.#persisting ?? Promise.resolve();
    this.#backlog.records = Math.max(0, this.#backlog.records - ticket.records);
    this.#backlog.bytes = Math.max(0, this.#backlog.bytes - ticket.bytes);
    this.#backlog.logs = Math.max(0, this.#backlog.logs - ticket.logs);
    const committed = this.#acks.ack(ticket);
    if (committed === undefined) return this.#persisting ?? Promise.resolve();
    this.#committed = this.#normalize(committed);
    return this.#persist();
  }

  /** Writes the committed position (one write at a time; acks meanwhile join the next). */
  #persist(): Promise<void> {
    this.#persisting ??= this.#persistUntilCurrent();
    return this.#persisting;
  }

  async #persistUntilCurrent(): Promise<void> {
    try {
      while (!samePosition(this.#persisted, this.#committed)) {
        const target = this.#committed;
        try {
          await writePosition(this.#dir, target);
        } catch (error) {
          this.#context.logger?.warn(
            'BUFFER_POSITION_ALARM',
            `buffer ${this.#dir}: could not keep the acknowledged position (its records come again after a restart): ${String(error)}`,
          );
          return;
        }
        this.#persisted = target;
        await this.#deleteBefore(target.seq);
      }
    } finally {
      this.#persisting = undefined;
    }
  }

  /** Deletes the segments wholly behind the kept position, making room. */
  async #deleteBefore(seq: number): Promise<void> {
    while (this.#segments.length > 0 && this.#segments[0]!.seq < seq) {
      const segment = this.#segments[0]!;
      if (this.#reading?.segment === segment) await this.#closeReading();
      try {
        await rm(segment.path, { force: true });
      } catch (error) {
        this.#context.logger?.warn(
          'BUFFER_POSITION_ALARM',
          `buffer ${this.#dir}: could not delete the acknowledged segment ${segment.path}: ${String(error)}`,
        );
        return;
      }
      this.#segments.shift();
    }
    this.#gate.release();
  }

  // --- close -------------------------------------------------------------------------------

  close(): Promise<void> {
    this.#closed = true;
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#gate.rejectWaiting(new BufferClosedError('closed while the append waited for room'));
    this.#wakeReaders();
    try {
      await this.#writing;
      await this.#readChain;
      this.#released = true;
      await this.#persisting;
      if (!samePosition(this.#persisted, this.#committed)) await this.#persist();
    } finally {
      this.#released = true;
      const active = this.#active;
      this.#active = undefined;
      await active?.handle.close().catch(() => {});
      await this.#closeReading().catch(() => {});
      await this.#unlock();
    }
  }
}
