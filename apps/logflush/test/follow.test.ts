import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath } from './helpers.js';
import {
  cleanupDirs,
  countSeqs,
  eventually,
  LineWriter,
  readTree,
  resentPerKill,
  scratchDir,
  sleep,
  startCli,
  tally,
  waitLimitMs,
  waitRunning,
  type Running,
} from './follow-support.js';

beforeAll(() => {
  if (!fs.existsSync(cliPath))
    throw new Error(`${cliPath} is missing: run pnpm --filter @logflush/cli build`);
});
afterAll(cleanupDirs);

const maxGroupLogs = 100;

function fileSetup() {
  const dir = scratchDir();
  fs.mkdirSync(path.join(dir, 'in'));
  const out = path.join(dir, 'out');
  const config = path.join(dir, 'pipeline.json');
  fs.writeFileSync(
    config,
    JSON.stringify({
      flushers: [{ type: 'flusher_file', detail: { FilePath: path.join(out, 'out.log') } }],
    }),
  );
  return { dir, in: path.join(dir, 'in'), out, config };
}

const followArgs = (config: string, ...more: string[]) => [
  'run',
  '--config',
  config,
  '--follow',
  '--max-group-logs',
  String(maxGroupLogs),
  '--poll-interval',
  '50ms',
  ...more,
];

describe('logflush run --follow --checkpoint into flusher_file, killed with SIGKILL five times', () => {
  it('has every line written in the output at least once, with the duplicates within one window per kill', async () => {
    const setup = fileSetup();
    const input = path.join(setup.in, 'app.log');
    const checkpoint = path.join(setup.dir, 'state', 'checkpoint.json');
    const writer = new LineWriter(input, 10, 5); // about 2,000 lines/s
    const window = resentPerKill(maxGroupLogs, 2000);
    writer.write(500);
    writer.start();
    const args = followArgs(
      setup.config,
      '--input',
      input,
      '--checkpoint',
      checkpoint,
      '--metrics',
      '127.0.0.1:0',
    );
    const kills: number[] = [];
    try {
      for (let kill = 0; kill < 5; kill++) {
        const run = startCli(args);
        // Killed while it follows (a loaded machine takes seconds to start), at a random moment.
        await waitRunning(run);
        await sleep(300 + Math.floor(Math.random() * 1200));
        kills.push(writer.next);
        run.child.kill('SIGKILL');
        const exit = await run.exited;
        expect(exit.signal).toBe('SIGKILL');
      }
      const last = startCli(args);
      await waitRunning(last);
      await sleep(500);
      writer.stop();
      const total = writer.next;
      await eventually(
        () => tally(countSeqs(readTree(setup.out)).counts, total).missing.length === 0,
        2 * waitLimitMs,
        'every line delivered',
        () => last.stderr(),
      );
      last.child.kill('SIGTERM');
      expect((await last.exited).code).toBe(0);
      const { counts, other } = countSeqs(readTree(setup.out));
      const { missing, duplicates } = tally(counts, total);
      console.log(
        `kill -9 ×5 into flusher_file: ${total} lines written, ${duplicates} duplicates (bound ${5 * window}: ${window} per kill, the pipeline's window and the checkpoint lag), kills after lines ${kills.join(', ')}`,
      );
      expect(other).toBe(0);
      expect(missing).toEqual([]);
      expect(duplicates).toBeLessThanOrEqual(5 * window);
      expect([...counts.keys()].every((seq) => seq < total)).toBe(true);
    } finally {
      writer.stop();
    }
  }, 300_000);
});

describe('logflush run --follow: rotation and globs', () => {
  it('delivers every line across rename rotation, copytruncate and a glob gaining a file', async () => {
    const setup = fileSetup();
    const app = path.join(setup.in, 'app.log');
    const writer = new LineWriter(app, 10, 5);
    writer.write(200); // past the fingerprint's 1,024 bytes
    writer.start();
    // Two inputs: the rotated names (app.log.1, app.log.2) are part of the first glob.
    const run = startCli(
      followArgs(
        setup.config,
        '--input',
        path.join(setup.in, 'app.log*'),
        '--input',
        path.join(setup.in, 'other*.log'),
        '--checkpoint',
        path.join(setup.dir, 'checkpoint.json'),
        '--metrics',
        '127.0.0.1:0',
      ),
    );
    try {
      // The rotations below must happen while it follows, not before it starts.
      await waitRunning(run);
      await sleep(700);
      // Rename rotation: app.log becomes app.log.1, the writer goes on with a new app.log.
      fs.renameSync(app, `${app}.1`);
      writer.write(50);
      await sleep(700);
      // copytruncate (logrotate's race is the writer's: it is paused while the copy is made).
      writer.pause();
      fs.copyFileSync(app, `${app}.2`);
      fs.truncateSync(app, 0);
      writer.resume();
      await eventually(
        () => run.stderr().includes(`${app} was truncated`),
        waitLimitMs,
        'the truncation noticed',
        () => run.stderr(),
      );
      await sleep(200);
      // A file the second glob gains.
      const other = new LineWriter(path.join(setup.in, 'other-1.log'));
      other.next = 1_000_000;
      other.write(300);
      await sleep(500);
      writer.stop();
      const total = writer.next;
      await eventually(
        () => {
          const { counts } = countSeqs(readTree(setup.out));
          return (
            tally(counts, total).missing.length === 0 &&
            [...Array(300).keys()].every((i) => counts.has(1_000_000 + i))
          );
        },
        waitLimitMs,
        'every line of every file delivered',
        () => run.stderr(),
      );
      run.child.kill('SIGTERM');
      expect((await run.exited).code).toBe(0);
      const { counts, other: unparsed } = countSeqs(readTree(setup.out));
      const { missing, duplicates } = tally(counts, total);
      expect(unparsed).toBe(0);
      expect(missing).toEqual([]);
      expect(duplicates).toBe(0);
      // app.log.1 is the old app.log (same device and inode), followed on under its new name.
      expect(run.stderr()).not.toContain('was rotated');
      expect(run.stderr()).toContain(`${app} was truncated`);
    } finally {
      writer.stop();
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
  }, 120_000);

  it('releases a deleted file, and --from end skips what a file held before the start', async () => {
    const setup = fileSetup();
    const app = path.join(setup.in, 'app.log');
    fs.writeFileSync(app, 'seq=999999 before the start\n');
    const run = startCli(
      followArgs(
        setup.config,
        '--input',
        app,
        '--from',
        'end',
        '--no-checkpoint',
        '--metrics',
        '127.0.0.1:0',
      ),
    );
    try {
      // --from end skips what the file holds when the CLI first looks at it: the lines below
      // must come after that look (a fixed sleep was not enough on a loaded machine: the CLI
      // took longer to start, and the 20 lines were skipped as "before the start").
      await waitRunning(run);
      const writer = new LineWriter(app);
      writer.write(20);
      await eventually(
        () => countSeqs(readTree(setup.out)).counts.size === 20,
        waitLimitMs,
        'the 20 lines written after the start delivered',
        () => run.stderr(),
      );
      fs.rmSync(app);
      await eventually(
        () => run.stderr().includes(`${app}: released`),
        waitLimitMs,
        'released',
        () => run.stderr(),
      );
      // The path comes back as a new file: read from its start.
      writer.write(5);
      await eventually(
        () => countSeqs(readTree(setup.out)).counts.size === 25,
        waitLimitMs,
        'the 5 lines of the new file delivered',
        () => run.stderr(),
      );
      run.child.kill('SIGTERM');
      expect((await run.exited).code).toBe(0);
      const { counts } = countSeqs(readTree(setup.out));
      expect(counts.has(999999)).toBe(false);
      expect(tally(counts, 25)).toEqual({ missing: [], duplicates: 0 });
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
  }, 150_000);
});

/** The `content` of every line flusher_file wrote under `out`. */
function deliveredContents(out: string): string[] {
  return readTree(out)
    .flatMap((text) => text.split('\n'))
    .filter((line) => line !== '')
    .map((line) => (JSON.parse(line) as { content: string }).content);
}

/** Waits until `content` was delivered, then stops the run with SIGTERM (exit 0). */
async function stopOnceDelivered(run: Running, out: string, content: string): Promise<void> {
  try {
    await waitRunning(run);
    await eventually(
      () => deliveredContents(out).includes(content),
      waitLimitMs,
      `"${content}" delivered`,
      () => run.stderr(),
    );
    run.child.kill('SIGTERM');
    expect((await run.exited).code).toBe(0);
  } finally {
    if (run.child.exitCode === null) run.child.kill('SIGKILL');
  }
}

describe('logflush run --follow: a last line without "\\n"', () => {
  it('of a file rotated away or deleted is sent once the file is idle, and the file is released', async () => {
    const setup = fileSetup();
    const app = path.join(setup.in, 'app.log');
    fs.writeFileSync(app, 'seq=0 first\nseq=1 rotated tail');
    const run = startCli(
      followArgs(
        setup.config,
        '--input',
        app,
        '--checkpoint',
        path.join(setup.dir, 'checkpoint.json'),
        '--metrics',
        '127.0.0.1:0',
      ),
    );
    try {
      await waitRunning(run);
      await eventually(
        () => deliveredContents(setup.out).includes('seq=0 first'),
        waitLimitMs,
        'the complete line delivered',
        () => run.stderr(),
      );
      // Rename rotation to a name the input does not match: nothing will complete the line.
      fs.renameSync(app, path.join(setup.in, 'app.old'));
      await eventually(
        () => run.stderr().includes(`${app}: released`),
        waitLimitMs,
        'the rotated file released',
        () => run.stderr(),
      );
      expect(deliveredContents(setup.out)).toContain('seq=1 rotated tail');
      // Deleted: the new file at the path goes the same way.
      fs.writeFileSync(app, 'seq=2 second\nseq=3 deleted tail');
      await eventually(
        () => deliveredContents(setup.out).includes('seq=2 second'),
        waitLimitMs,
        'the new file read',
        () => run.stderr(),
      );
      fs.rmSync(app);
      await eventually(
        () => run.stderr().split(`${app}: released`).length === 3,
        waitLimitMs,
        'the deleted file released',
        () => run.stderr(),
      );
      run.child.kill('SIGTERM');
      expect((await run.exited).code).toBe(0);
      expect(deliveredContents(setup.out)).toEqual([
        'seq=0 first',
        'seq=1 rotated tail',
        'seq=2 second',
        'seq=3 deleted tail',
      ]);
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
  }, 150_000);

  it('of the file at its path waits; at the end a checkpointed run leaves it to the next run, one without a checkpoint sends it', async () => {
    const setup = fileSetup();
    const app = path.join(setup.in, 'app.log');
    const checkpoint = path.join(setup.dir, 'checkpoint.json');
    fs.writeFileSync(app, 'seq=0 first\nseq=1 par');
    const follow = (...more: string[]) =>
      startCli(followArgs(setup.config, '--input', app, '--metrics', '127.0.0.1:0', ...more));
    const checkpointed = follow('--checkpoint', checkpoint);
    try {
      await waitRunning(checkpointed);
      await eventually(
        () => deliveredContents(setup.out).includes('seq=0 first'),
        waitLimitMs,
        'the complete line delivered',
        () => checkpointed.stderr(),
      );
      await sleep(500); // ten looks at the file
      checkpointed.child.kill('SIGTERM');
      expect((await checkpointed.exited).code).toBe(0);
    } finally {
      if (checkpointed.child.exitCode === null) checkpointed.child.kill('SIGKILL');
    }
    expect(deliveredContents(setup.out)).toEqual(['seq=0 first']);
    // The checkpoint stays at the start of the unfinished line, so the next run sends it whole.
    const saved = JSON.parse(fs.readFileSync(checkpoint, 'utf8')) as {
      files: Array<{ offset: number }>;
    };
    expect(saved.files.map((file) => file.offset)).toEqual(['seq=0 first\n'.length]);
    fs.appendFileSync(app, 'tial\nseq=2 end');
    const resumed = follow('--checkpoint', checkpoint);
    await stopOnceDelivered(resumed, setup.out, 'seq=1 partial');
    expect(deliveredContents(setup.out)).toEqual(['seq=0 first', 'seq=1 partial']);
    // Without a checkpoint no later run resumes the file: its last line goes out at the end.
    const other = path.join(setup.in, 'other.log');
    fs.writeFileSync(other, 'seq=3 other\nseq=4 other tail');
    const unchecked = startCli(
      followArgs(setup.config, '--input', other, '--no-checkpoint', '--metrics', '127.0.0.1:0'),
    );
    await stopOnceDelivered(unchecked, setup.out, 'seq=3 other');
    expect(deliveredContents(setup.out)).toEqual([
      'seq=0 first',
      'seq=1 partial',
      'seq=3 other',
      'seq=4 other tail',
    ]);
  }, 150_000);
});

/** Prometheus text → { 'name{labels}': value }. */
function parseMetrics(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    values.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return values;
}

describe('logflush run --follow --metrics', () => {
  it('serves /metrics whose counters move during the run and match the final summary, and /health', async () => {
    const setup = fileSetup();
    const app = path.join(setup.in, 'app.log');
    const writer = new LineWriter(app, 10, 10);
    writer.write(100);
    writer.start();
    const run = startCli(
      followArgs(
        setup.config,
        '--input',
        app,
        '--no-checkpoint',
        '--metrics',
        '127.0.0.1:0',
        '--summary',
      ),
    );
    try {
      const address = await waitRunning(run);
      const scrape = async () => {
        const response = await fetch(`http://${address}/metrics`);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toContain('text/plain');
        return parseMetrics(await response.text());
      };
      const inEvents = 'logflush_flusher_in_events_total{flusher="flusher_file"}';
      const outEvents = 'logflush_flusher_out_events_total{flusher="flusher_file"}';
      const lines = `logflush_input_lines_total{path="${app}"}`;
      const bytes = `logflush_input_bytes_read_total{path="${app}"}`;
      await eventually(
        () => countSeqs(readTree(setup.out)).counts.size > 0,
        waitLimitMs,
        'a first line delivered',
        () => run.stderr(),
      );
      const seen: number[] = [];
      for (let i = 0; i < 3; i++) {
        // Scrapes 400 ms apart at least; on a loaded machine, until the counter moved (bounded).
        if (i > 0)
          await eventually(
            async () => (await scrape()).get(outEvents)! > seen[i - 1]!,
            waitLimitMs,
            'out_events moving',
            () => run.stderr(),
          );
        const values = await scrape();
        seen.push(values.get(outEvents)!);
        expect(values.get(lines)).toBeGreaterThan(0);
        expect(values.has(`logflush_input_bytes_behind{path="${app}"}`)).toBe(true);
        expect(values.has('logflush_flusher_buffered_bytes{flusher="flusher_file"}')).toBe(true);
        expect(
          values.get('logflush_flusher_flush_duration_seconds_count{flusher="flusher_file"}'),
        ).toBeGreaterThan(0);
        await sleep(400);
      }
      expect(seen[0]).toBeLessThan(seen[1]!);
      expect(seen[1]).toBeLessThan(seen[2]!);
      const health = await fetch(`http://${address}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'running' });
      writer.stop();
      const total = writer.next;
      await eventually(
        () => countSeqs(readTree(setup.out)).counts.size === total,
        waitLimitMs,
        'every line delivered',
        () => run.stderr(),
      );
      const final = await scrape();
      expect(final.get(lines)).toBe(total);
      expect(final.get(bytes)).toBe(fs.statSync(app).size);
      expect(final.get(inEvents)).toBe(total);
      expect(final.get(outEvents)).toBe(total);
      run.child.kill('SIGTERM');
      expect((await run.exited).code).toBe(0);
      // The summary's row: flusher in out failed dropped retries undelivered.
      const row = run
        .stderr()
        .split('\n')
        .find((line) => line.startsWith('flusher_file '))!;
      const [, summaryIn, summaryOut, failed, dropped, retries] = row
        .trim()
        .split(/\s+/)
        .map(Number);
      expect([summaryIn, summaryOut, failed, dropped, retries]).toEqual([
        final.get(inEvents),
        final.get(outEvents),
        final.get('logflush_flusher_failed_events_total{flusher="flusher_file"}'),
        final.get('logflush_flusher_dropped_events_total{flusher="flusher_file"}'),
        final.get('logflush_flusher_retries_total{flusher="flusher_file"}'),
      ]);
    } finally {
      writer.stop();
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
  }, 150_000);
});
