import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runApp, tempDir } from './support.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('LogflushTransport lifecycle', () => {
  it('await transport.close() drains: it resolves with the outcome once every log is written', async () => {
    const { dir, remove } = tempDir('close');
    cleanup = remove;
    const file = path.join(dir, 'app.log');
    const run = await runApp({
      scenario: 'lines',
      count: 20_000,
      batch: 1_000,
      end: 'close',
      transport: {
        flushers: [{ type: 'flusher_file', detail: { FilePath: file } }],
        lingerMs: 60_000,
      },
    });
    expect(run.report?.event, run.stderr).toBe('closed');
    expect(run.report!.outcome).toMatchObject({ delivered: 20_000, undelivered: 0, dropped: 0 });
    expect(fs.readFileSync(file, 'utf8').trimEnd().split('\n')).toHaveLength(20_000);
    expect(run.code).toBe(0);
  });

  it('await transport.flush() resolves when everything logged so far is written', async () => {
    const { dir, remove } = tempDir('flush');
    cleanup = remove;
    const file = path.join(dir, 'app.log');
    const run = await runApp({
      scenario: 'lines',
      count: 3_000,
      flushThenCount: file,
      // A linger longer than the test: only flush() hands the partial group over.
      transport: {
        flushers: [{ type: 'flusher_file', detail: { FilePath: file } }],
        lingerMs: 600_000,
      },
    });
    expect(run.report?.event, run.stderr).toBe('finish');
    expect(run.report!.linesAfterFlush).toBe(3_000);
  });

  it('takes a pipeline file (LoongCollector YAML) instead of flushers', async () => {
    const { dir, remove } = tempDir('pipeline-file');
    cleanup = remove;
    const file = path.join(dir, 'out', 'app.log');
    const pipeline = path.join(dir, 'pipeline.yaml');
    fs.writeFileSync(
      pipeline,
      `flushers:\n  - Type: flusher_file\n    FilePath: ${file}\n    Format: kv\n`,
    );
    const run = await runApp({
      scenario: 'lines',
      count: 2,
      transport: { pipeline, tags: {} },
    });
    expect(run.report?.event, run.stderr).toBe('finish');
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^\{"level":"info","message":"line 1","seq":"1","__time__":"\d+"\}$/);
  });

  it('ended while the logger still holds logs (winston ends it from its _final): no write after end', async () => {
    // Logged in one turn while the pipeline starts: the transport holds 16 (its highWaterMark),
    // the logger's readable side the rest when the transport is ended, as winston's logger ends
    // its transports once its writable side is done (Node 20 does so before the pipeline runs).
    const { dir, remove } = tempDir('end-early');
    cleanup = remove;
    const file = path.join(dir, 'app.log');
    const run = await runApp({
      scenario: 'lines',
      count: 100,
      endTransportFirst: true,
      transport: { flushers: [{ type: 'flusher_file', detail: { FilePath: file } }] },
    });
    expect(run.report?.event, run.stderr).toBe('finish');
    expect(run.report!.errors).toEqual([]);
    expect(run.report!.metrics).toMatchObject({ written: 100, delivered: 100, undelivered: 0 });
    expect(fs.readFileSync(file, 'utf8').trimEnd().split('\n')).toHaveLength(100);
  });
});
