import { describe, expect, it } from 'vitest';
import {
  createFlusherContext,
  createMetrics,
  FlusherBase,
  FlusherLifecycleError,
  FlusherNotInitializedError,
  FlusherStoppedError,
  type FlusherContext,
  type FlushRequest,
  openBuffer,
  type LogBuffer,
  type LogGroup,
} from '../../src/index.js';

const key = 1n;
const group = (logs: number): LogGroup => ({
  Logs: Array.from({ length: logs }, (_, i) => ({
    Time: 1,
    Contents: [{ Key: 'i', Value: `${i}` }],
    Values: [],
  })),
  LogTags: [],
});
const quietContext = (): FlusherContext =>
  createFlusherContext({
    metrics: createMetrics(),
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}
function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Records what the base class asks of it; open, deliver and close wait when told to. */
class ProbeFlusher extends FlusherBase<{ id: number }> {
  readonly events: string[] = [];
  opening: Deferred | undefined;
  delivering: Deferred | undefined;
  closeError: Error | undefined;
  openError: Error | undefined;
  notReady = false;
  disk: LogBuffer | undefined;

  constructor(maxBufferedBytes?: number) {
    super('flusher_probe', { maxBufferedBytes });
  }

  description(): string {
    return 'probe';
  }

  protected async open(): Promise<{ id: number }> {
    this.events.push('open');
    await this.opening?.promise;
    if (this.openError) throw this.openError;
    return { id: 1 };
  }

  protected async deliver(resources: { id: number }, request: FlushRequest): Promise<void> {
    this.events.push(`deliver ${resources.id} ${request.events} ${request.logstore}`);
    await this.delivering?.promise;
    this.events.push('delivered');
  }

  protected async close(): Promise<void> {
    this.events.push('close');
    if (this.closeError) throw this.closeError;
  }

  protected override ready(): boolean {
    return !this.notReady;
  }

  protected override diskBuffer(): LogBuffer | undefined {
    return this.disk;
  }

  protected override onUrgent(flag: boolean): void {
    this.events.push(`urgent ${flag} ${this.urgent}`);
  }

  protected override onStop(): void {
    this.events.push(`onStop ${this.stopped}`);
  }
}

describe('FlusherBase', () => {
  it('refuses flush before init, counts and delivers after it, refuses after stop', async () => {
    const flusher = new ProbeFlusher();
    const context = quietContext();
    expect(flusher.isReady('p', 'l', key)).toBe(false);
    await expect(flusher.flush('p', 'l', 'c', [group(2)])).rejects.toBeInstanceOf(
      FlusherNotInitializedError,
    );
    await flusher.init(context);
    expect(flusher.isReady('p', 'l', key)).toBe(true);
    await flusher.flush('p', 'store', 'c', [group(2), group(3)]);
    expect(context.metrics.get('in_events')).toBe(5);
    expect(context.metrics.get('in_event_groups')).toBe(2);
    await flusher.stop();
    expect(flusher.isReady('p', 'l', key)).toBe(false);
    const error = await flusher.flush('p', 'l', 'c', [group(1)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlusherStoppedError);
    expect((error as Error).message).toBe(
      'flusher_probe: flush called after stop; the data was not accepted',
    );
    expect(context.metrics.get('in_events')).toBe(5);
    expect(flusher.events).toEqual([
      'open',
      'deliver 1 5 store',
      'delivered',
      'onStop true',
      'close',
    ]);
  });

  it('is not ready while its buffer is full or its own ready() says no', async () => {
    const flusher = new ProbeFlusher(10);
    await flusher.init(quietContext());
    flusher.buffer.hold(10);
    expect(flusher.isReady('p', 'l', key)).toBe(false);
    flusher.buffer.release(1);
    expect(flusher.isReady('p', 'l', key)).toBe(true);
    flusher.notReady = true;
    expect(flusher.isReady('p', 'l', key)).toBe(false);
    await flusher.stop();
  });

  it('with a disk buffer: backlog() is what it holds, and isReady is false while it is full', async () => {
    const flusher = new ProbeFlusher();
    expect(flusher.backlog()).toBeUndefined();
    await flusher.init(quietContext());
    // A memory buffer stands in: the same LogBuffer interface, and the same `full` at MaxBytes.
    flusher.disk = await openBuffer({
      Type: 'memory',
      Path: '',
      MaxBytes: 2048,
      SegmentBytes: 1024,
      WhenFull: 'block',
    });
    const record = { data: new Uint8Array(980), logs: 7 };
    expect(await flusher.disk.append([record, record])).toBe('stored');
    expect(flusher.backlog()).toEqual({ logs: 14, bytes: 2000 });
    expect(flusher.isReady('p', 'l', key)).toBe(true);
    const waiting = flusher.disk.append([record]);
    expect(flusher.isReady('p', 'l', key)).toBe(false);
    const batch = await flusher.disk.read({ maxRecords: 2, maxBytes: 1 << 20 });
    await flusher.disk.ack(batch!);
    expect(await waiting).toBe('stored');
    expect(flusher.isReady('p', 'l', key)).toBe(true);
    expect(flusher.backlog()).toEqual({ logs: 7, bytes: 1000 });
    await flusher.stop();
    await flusher.disk.close();
  });

  it('returns the same stop promise, with the same error, every time', async () => {
    const flusher = new ProbeFlusher();
    await flusher.init(quietContext());
    flusher.closeError = new Error('could not close');
    const first = flusher.stop();
    expect(flusher.stop()).toBe(first);
    await expect(first).rejects.toThrow('could not close');
    await expect(flusher.stop()).rejects.toThrow('could not close');
    expect(flusher.events.filter((e) => e === 'close' || e.startsWith('onStop'))).toEqual([
      'onStop true',
      'close',
    ]);
  });

  it('stops before init at once and refuses init after it', async () => {
    const flusher = new ProbeFlusher();
    await flusher.stop();
    await expect(flusher.flush('p', 'l', 'c', [group(1)])).rejects.toBeInstanceOf(
      FlusherStoppedError,
    );
    await expect(flusher.init(quietContext())).rejects.toBeInstanceOf(FlusherLifecycleError);
    expect(flusher.events).toEqual(['onStop true']);
  });

  it('refuses a second init', async () => {
    const flusher = new ProbeFlusher();
    await flusher.init(quietContext());
    await expect(flusher.init(quietContext())).rejects.toThrow('flusher_probe: init called twice');
    await flusher.stop();
  });

  it('waits for the flushes in progress before it closes', async () => {
    const flusher = new ProbeFlusher();
    await flusher.init(quietContext());
    flusher.delivering = deferred();
    const flushing = flusher.flush('p', 'l', 'c', [group(1)]);
    const stopping = flusher.stop();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // onStop comes first, so that a flush waiting for a linger timer can end.
    expect(flusher.events).toEqual(['open', 'deliver 1 1 l', 'onStop true']);
    flusher.delivering.resolve();
    await flushing;
    await stopping;
    expect(flusher.events).toEqual(['open', 'deliver 1 1 l', 'onStop true', 'delivered', 'close']);
  });

  it('closes what an init in progress opens when stop comes first; a failed init leaves nothing to close', async () => {
    const flusher = new ProbeFlusher();
    flusher.opening = deferred();
    const initializing = flusher.init(quietContext());
    expect(flusher.isReady('p', 'l', key)).toBe(false);
    const stopping = flusher.stop();
    flusher.opening.resolve();
    await initializing;
    await stopping;
    expect(flusher.events).toEqual(['open', 'onStop true', 'close']);
    expect(flusher.isReady('p', 'l', key)).toBe(false);

    const failing = new ProbeFlusher();
    failing.openError = new Error('no broker');
    await expect(failing.init(quietContext())).rejects.toThrow('no broker');
    // A failed init may be tried again.
    failing.openError = undefined;
    await failing.init(quietContext());
    expect(failing.isReady('p', 'l', key)).toBe(true);
    await failing.stop();
    expect(failing.events).toEqual(['open', 'open', 'onStop true', 'close']);
  });

  it('passes setUrgent on, before and after init', async () => {
    const flusher = new ProbeFlusher();
    flusher.setUrgent(true);
    await flusher.init(quietContext());
    flusher.setUrgent(false);
    await flusher.stop();
    expect(flusher.events).toEqual([
      'urgent true true',
      'open',
      'urgent false false',
      'onStop true',
      'close',
    ]);
  });
});
