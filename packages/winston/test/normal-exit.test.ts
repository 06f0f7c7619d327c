import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LogflushTransport } from '../src/index.js';
import { readLines, runApp, tempDir } from './support.js';

const count = 100_000;
let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

/** The `seq` field of every line in `dir`, in file order (one file: rotation off). */
function seqsIn(dir: string): number[] {
  return readLines(dir).map((line) => Number((JSON.parse(line) as { seq: string }).seq));
}

/** 0 … n−1: the lines a run delivered, exactly and in order. */
function firstSeqs(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function fileTransport(dir: string, more: Record<string, unknown> = {}) {
  return {
    flushers: [
      { type: 'flusher_file', detail: { FilePath: path.join(dir, 'app.log'), MaxFileSize: 0 } },
    ],
    ...more,
  };
}

describe('a winston app that logs 100,000 lines and returns (no end(), no process.exit())', () => {
  // With lingerMs: Infinity, 100,000 = 97 full groups of 1024 + 672: no timer would ever hand
  // the last 672 over; the transport flushes them at beforeExit.
  it.each([
    ['the default lingerMs', {}],
    ['lingerMs: Infinity (the partial group is flushed at beforeExit)', { lingerMs: 'Infinity' }],
  ])('delivers every line, in order, with %s', async (_name, options) => {
    const { dir, remove } = tempDir('return');
    cleanup = remove;
    const run = await runApp({
      scenario: 'lines',
      count,
      batch: 5_000,
      end: 'return',
      transport: fileTransport(dir, options),
    });
    expect(run.report?.event, run.stderr).toBe('exit');
    expect(run.code).toBe(0);
    expect(seqsIn(dir)).toEqual(firstSeqs(count));
    expect(run.report!.metrics).toMatchObject({ written: count, delivered: count, buffered: 0 });
  });
});

describe('process.exit() right after logging 100,000 lines', () => {
  it('logged in one synchronous run: none delivered', async () => {
    const { dir, remove } = tempDir('exit-sync');
    cleanup = remove;
    const run = await runApp({
      scenario: 'lines',
      count,
      create: true,
      end: 'exit',
      transport: fileTransport(dir),
    });
    expect(run.report?.event, run.stderr).toBe('exit');
    expect(seqsIn(dir)).toEqual([]);
    expect(run.report!.metrics).toMatchObject({ delivered: 0 });
  });

  it('logged 5,000 per turn of the event loop: an ordered prefix, losing what the streams and the pipeline held', async () => {
    const { dir, remove } = tempDir('exit-batches');
    cleanup = remove;
    const run = await runApp({
      scenario: 'lines',
      count,
      batch: 5_000,
      end: 'exit',
      transport: fileTransport(dir),
    });
    expect(run.report?.event, run.stderr).toBe('exit');
    const seqs = seqsIn(dir);
    expect(seqs).toEqual(firstSeqs(seqs.length));
    expect(seqs.length).toBe(run.report!.metrics!.delivered);
    // The last batch is logged in the turn that exits: none of it can reach the file.
    expect(count - seqs.length).toBeGreaterThanOrEqual(5_000);
    // The pipeline never held more than its bound, (flushWindow 4 + 1) × 1024.
    expect(run.report!.metrics!.buffered).toBeLessThanOrEqual(5_120);
  });
});

describe('the beforeExit listener', () => {
  it('is one for all open transports, and removed once they are closed', async () => {
    const { dir, remove } = tempDir('listener');
    cleanup = remove;
    const before = process.listenerCount('beforeExit');
    const transports = Array.from(
      { length: 12 },
      (_, i) =>
        new LogflushTransport({
          flushers: [{ type: 'flusher_file', detail: { FilePath: path.join(dir, `${i}.log`) } }],
        }),
    );
    expect(process.listenerCount('beforeExit')).toBe(before + 1);
    await Promise.all(transports.slice(1).map((transport) => transport.close()));
    expect(process.listenerCount('beforeExit')).toBe(before + 1);
    await transports[0]!.close();
    expect(process.listenerCount('beforeExit')).toBe(before);
  });
});
