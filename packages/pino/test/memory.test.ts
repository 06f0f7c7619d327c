import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runApp, slowPlugin, tempDir } from './support.js';

// A flusher that is not ready (a third-party plugin, loaded through `plugins`) while the app keeps
// logging 100,000 lines/s of ~330 bytes (batches of 1,000 every 10 ms) for 6 s or, on a busy
// machine, longer: the flusher becomes ready only once the app has logged its last line
// (ReadyWhenFileExists), so the outage covers the whole run whatever the machine's speed. The
// child samples its own RSS (main thread and worker: one process) every batch.
const count = 600_000;
const bound = 400; // MB: measured ~285 (block 1 s) and ~235 (drop) against ~520 for an unbounded backlog
const job = (dir: string, extra: Record<string, unknown>) => {
  const doneFile = path.join(dir, 'logged-all');
  return {
    options: {
      flushers: [
        {
          type: 'flusher_slow',
          detail: { ReadyWhenFileExists: doneFile, CountFile: path.join(dir, 'count') },
        },
      ],
      plugins: [slowPlugin],
      ...extra,
    },
    count,
    pace: { batch: 1000, everyMs: 10 },
    doneFile,
    finish: 'end' as const,
  };
};

describe('a slow flusher while the app keeps logging', () => {
  it('block (maxBlockMs 1000): memory stays bounded; what does not fit is dropped and counted', async () => {
    const dir = tempDir('slow-bounded');
    const run = await runApp(job(dir, { maxBlockMs: 1000 }));
    expect(run.code).toBe(0);
    const outcome = run.report!.outcome!;
    const received = Number(fs.readFileSync(path.join(dir, 'count'), 'utf8'));
    console.log(
      `bounded: max RSS ${run.report!.maxRssMb.toFixed(0)} MB, delivered ${outcome.delivered}, dropped ${outcome.dropped}`,
    );
    expect(run.report!.maxRssMb).toBeLessThan(bound);
    expect(outcome.dropped).toBeGreaterThan(0);
    expect(outcome.droppedWhenFull).toBe(outcome.dropped);
    expect(outcome.delivered).toBe(received);
    expect(outcome.delivered + outcome.dropped).toBe(count);
    expect(outcome.undelivered).toBe(0);
    expect(run.stderr).toContain('dropping new logs until it is ready');
    expect(run.stderr).toContain(
      `${received} logs delivered, 0 not delivered, ${outcome.dropped} dropped`,
    );
  });

  it("drop: the worker keeps reading (lines are not even parsed) and the app's memory stays bounded", async () => {
    const dir = tempDir('slow-drop');
    const run = await runApp(job(dir, { whenFull: 'drop' }));
    expect(run.code).toBe(0);
    const outcome = run.report!.outcome!;
    console.log(
      `drop: max RSS ${run.report!.maxRssMb.toFixed(0)} MB, delivered ${outcome.delivered}, dropped ${outcome.dropped}`,
    );
    expect(run.report!.maxRssMb).toBeLessThan(bound);
    expect(outcome.delivered + outcome.dropped).toBe(count);
    expect(outcome.dropped).toBeGreaterThan(0);
  });

  it('block without a time bound (maxBlockMs Infinity): nothing is lost, and pino holds the backlog in the main thread, beyond the bound', async () => {
    const dir = tempDir('slow-unbounded');
    const run = await runApp(job(dir, { maxBlockMs: 'Infinity' }));
    expect(run.code).toBe(0);
    const outcome = run.report!.outcome!;
    console.log(
      `unbounded block: max RSS ${run.report!.maxRssMb.toFixed(0)} MB, delivered ${outcome.delivered}`,
    );
    expect(outcome).toMatchObject({ delivered: count, dropped: 0, undelivered: 0 });
    expect(Number(fs.readFileSync(path.join(dir, 'count'), 'utf8'))).toBe(count);
    expect(run.report!.maxRssMb).toBeGreaterThan(bound);
  });
});
