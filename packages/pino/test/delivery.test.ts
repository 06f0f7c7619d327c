import { describe, expect, it } from 'vitest';
import { fileFlusher, indexes, readLines, runApp, tempDir } from './support.js';

const count = 100_000;
const allOf = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('every log written before the end is delivered (flusher_file, rotation on)', () => {
  // MaxFileSize 4 MiB: the 100,000 lines (≈ 13 MB) roll several times.
  const flushers = (dir: string) => [
    fileFlusher(dir, { MaxFileSize: 4 * 1024 * 1024, MaxFiles: 50 }),
  ];

  it('a child that logs 100,000 lines and exits normally: all 100,000 delivered', async () => {
    const dir = tempDir('exit');
    const run = await runApp({ options: { flushers: flushers(dir) }, count });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(indexes(readLines(dir))).toEqual(allOf(count));
  });

  it('process.exit() right after logging 100,000 lines: all 100,000 delivered (pino ends the transport on exit)', async () => {
    const dir = tempDir('process-exit');
    const run = await runApp({
      options: { flushers: flushers(dir) },
      count,
      finish: 'process-exit',
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(indexes(readLines(dir))).toEqual(allOf(count));
  });

  it('logger.flush(cb): the callback fires once every log written before it is delivered', async () => {
    const dir = tempDir('flush');
    // lingerMs Infinity: only flush() hands the last partial group over, so the callback waits for it.
    const run = await runApp({
      options: { flushers: flushers(dir), lingerMs: 'Infinity' },
      count,
      finish: 'flush',
    });
    expect(run.code).toBe(0);
    expect(run.report?.flushed).toBe(true);
    expect(indexes(readLines(dir))).toEqual(allOf(count));
  });

  it('transport.end(): delivered, and the outcome reaches the main thread', async () => {
    const dir = tempDir('end');
    const run = await runApp({ options: { flushers: flushers(dir) }, count, finish: 'end' });
    expect(run.code).toBe(0);
    expect(indexes(readLines(dir))).toEqual(allOf(count));
    expect(run.report?.outcome).toMatchObject({ delivered: count, undelivered: 0, dropped: 0 });
  });
});
