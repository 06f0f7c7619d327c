import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { missingSeqs, runApp, tempDir } from './support.js';

/*
 * A slow flusher (test/fixtures/slow-flusher, a third-party plugin loaded through `plugins`) is
 * not ready while the app keeps logging: 400,000 lines, each with its own 1 KiB payload (the
 * payloads alone are 400 MB if all of them are held at once), 1,000 per turn of the event loop.
 * An app that ignores back-pressure cannot be held up, so there the flusher stays not ready until
 * the app has logged its last line (ReadyWhenFileExists), whatever the machine's speed; an app
 * that waits for 'drain' would wait for ever, so there it is not ready for 5 s. The child samples
 * its RSS every 20 ms. The bound, 300 MB above the RSS at start, is below what an unbounded buffer
 * needs, as the last test measures. What stays below it is not only what is held: on Node 24, V8
 * lets the garbage of a fast logging loop reach 150 to 240 MB of RSS before it collects it
 * (heapUsed stays near 30 MB).
 */
const count = 400_000;
const boundMb = 300;
let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function slowApp(dir: string, whenFull: 'block' | 'drop', honorBackpressure: boolean) {
  const output = path.join(dir, 'seq.txt');
  const doneFile = path.join(dir, 'logged-all');
  const notReady = honorBackpressure ? { NotReadyMs: 5_000 } : { ReadyWhenFileExists: doneFile };
  return {
    output,
    run: runApp(
      {
        scenario: 'lines',
        count,
        payloadBytes: 1024,
        batch: 1_000,
        honorBackpressure,
        doneFile,
        transport: {
          whenFull,
          plugins: ['./test/fixtures/slow-flusher/index.mjs'],
          flushers: [{ type: 'flusher_slow', detail: { ...notReady, OutputFile: output } }],
        },
      },
      { timeoutMs: 180_000 },
    ),
  };
}

const delivered = (output: string) =>
  fs
    .readFileSync(output, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map(Number);

describe('a slow flusher while the app keeps logging', () => {
  it("whenFull 'drop': memory stays bounded; what did not fit is dropped and counted", async () => {
    const { dir, remove } = tempDir('drop');
    cleanup = remove;
    const { output, run } = slowApp(dir, 'drop', false);
    const { report, stderr } = await run;
    expect(report?.event, stderr).toBe('finish');
    expect(report!.maxRssMb! - report!.startRssMb).toBeLessThan(boundMb);
    const metrics = report!.metrics!;
    expect(metrics.written).toBe(count);
    expect(metrics.dropped).toBeGreaterThan(count / 2);
    expect(metrics.delivered + metrics.dropped).toBe(count);
    expect(metrics.undelivered).toBe(0);
    expect(metrics.blocked).toBe(0);
    // What was kept arrived once each; the count of the drops is reported as a warn event.
    const seqs = delivered(output);
    expect(seqs).toHaveLength(metrics.delivered);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(report!.warnings).toContain(
      `LogflushTransport: 0 logs not delivered, ${metrics.dropped} dropped`,
    );
  });

  it("whenFull 'block' with an app that waits for the logger's drain: bounded, nothing dropped", async () => {
    const { dir, remove } = tempDir('block');
    cleanup = remove;
    const { output, run } = slowApp(dir, 'block', true);
    const { report, stderr } = await run;
    expect(report?.event, stderr).toBe('finish');
    expect(report!.maxRssMb! - report!.startRssMb).toBeLessThan(boundMb);
    const metrics = report!.metrics!;
    expect(metrics).toMatchObject({ written: count, delivered: count, dropped: 0, undelivered: 0 });
    expect(metrics.blocked).toBeGreaterThan(0);
    expect(metrics.blockedMs).toBeGreaterThan(1_000);
    expect(missingSeqs(delivered(output), count)).toEqual({ missing: 0, duplicates: 0 });
  });

  it("whenFull 'block' with an app that ignores back-pressure: nothing lost, winston's queue holds the rest", async () => {
    // logger.info() cannot wait: what the app logs while the transport waits stays in winston's
    // own stream buffers. This is the unbounded case the bound above is measured against.
    const { dir, remove } = tempDir('block-ignored');
    cleanup = remove;
    const { output, run } = slowApp(dir, 'block', false);
    const { report, stderr } = await run;
    expect(report?.event, stderr).toBe('finish');
    expect(report!.maxRssMb! - report!.startRssMb).toBeGreaterThan(boundMb);
    expect(report!.metrics).toMatchObject({ written: count, delivered: count, dropped: 0 });
    expect(missingSeqs(delivered(output), count)).toEqual({ missing: 0, duplicates: 0 });
  });
});
