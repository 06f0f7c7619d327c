import { BufferClosedError } from './errors.js';
import { frameBytes } from './frame.js';
import { checkReadLimits, measureRecords } from './records.js';
import { BufferReport } from './report.js';
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

export interface MemoryBufferSettings {
  readonly maxBytes: number;
  readonly segmentBytes: number;
  readonly whenFull: WhenFull;
}

interface Held {
  readonly records: number;
  readonly bytes: number;
  readonly logs: number;
  acked: boolean;
}

/**
 * The memory buffer: the disk buffer's interface and accounting (each record counted with the
 * 20-byte frame it would have on disk, the same MaxBytes rule), with nothing kept across a
 * restart. Appends resolve at once; `close` leaves what was not acknowledged to the flusher to
 * count.
 */
export class MemoryBuffer implements LogBuffer {
  readonly type = 'memory' as const;
  readonly recovered: BufferBacklog = { records: 0, bytes: 0, logs: 0 };
  readonly #segmentBytes: number;
  readonly #gate: SpaceGate;
  readonly #report: BufferReport;
  #queue: BufferRecord[] = [];
  #head = 0;
  #backlog = { records: 0, bytes: 0, logs: 0 };
  readonly #tickets = new WeakMap<BufferBatch, Held>();
  #waiters: Array<() => void> = [];
  #closed = false;

  constructor(settings: MemoryBufferSettings, context: BufferContext) {
    this.#segmentBytes = settings.segmentBytes;
    this.#report = new BufferReport(context, 'memory buffer');
    this.#gate = new SpaceGate(
      settings.maxBytes,
      settings.segmentBytes,
      settings.whenFull,
      () => this.#backlog.bytes,
    );
  }

  get backlog(): BufferBacklog {
    return { ...this.#backlog };
  }

  get usedBytes(): number {
    return this.#backlog.bytes;
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

  async append(records: readonly BufferRecord[]): Promise<'stored' | 'dropped'> {
    if (this.#closed) throw new BufferClosedError('append after close');
    const { bytes, logs } = measureRecords(records, this.#segmentBytes);
    if (records.length === 0) return 'stored';
    if (!this.#gate.canEverFit(bytes)) {
      throw new RangeError(
        `append of ${bytes} bytes is larger than MaxBytes and one segment together (${this.#gate.maxBytes + this.#gate.slackBytes})`,
      );
    }
    // A copy, as the disk buffer has one: the caller may reuse its bytes.
    const copies = records.map((record) => ({ data: record.data.slice(), logs: record.logs }));
    const admitted = await this.#gate.request(bytes, () => {
      this.#queue.push(...copies);
      this.#backlog.records += copies.length;
      this.#backlog.bytes += bytes;
      this.#backlog.logs += logs;
      for (const wake of this.#waiters.splice(0)) wake();
    });
    if (!admitted) {
      this.#report.dropped(records.length, logs);
      return 'dropped';
    }
    this.#report.stored();
    return 'stored';
  }

  async read(limits: ReadLimits): Promise<BufferBatch | undefined> {
    checkReadLimits(limits);
    for (;;) {
      if (this.#closed) return undefined;
      const batch = this.#take(limits);
      if (batch !== undefined) return batch;
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  #take(limits: ReadLimits): BufferBatch | undefined {
    const records: BufferRecord[] = [];
    let bytes = 0;
    let logs = 0;
    while (records.length < limits.maxRecords && this.#head < this.#queue.length) {
      const record = this.#queue[this.#head]!;
      const size = frameBytes(record.data.length);
      if (records.length > 0 && bytes + size > limits.maxBytes) break;
      records.push(record);
      bytes += size;
      logs += record.logs;
      this.#head++;
      if (bytes >= limits.maxBytes) break;
    }
    if (records.length === 0) return undefined;
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    const batch: BufferBatch = { records, logs, bytes };
    this.#tickets.set(batch, { records: records.length, bytes, logs, acked: false });
    return batch;
  }

  async ack(batch: BufferBatch): Promise<void> {
    const held = this.#tickets.get(batch);
    if (held === undefined) throw new TypeError('ack: the batch was not read from this buffer');
    if (held.acked || this.#closed) return;
    held.acked = true;
    this.#backlog.records -= held.records;
    this.#backlog.bytes -= held.bytes;
    this.#backlog.logs -= held.logs;
    this.#gate.release();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#gate.rejectWaiting(new BufferClosedError('closed while the append waited for room'));
    for (const wake of this.#waiters.splice(0)) wake();
  }
}
