import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appDir, cliPath } from './helpers.js';

const dirs: string[] = [];

/** A scratch folder, removed by cleanupDirs(). */
export function scratchDir(prefix = 'logflush-follow-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

export function cleanupDirs(): void {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The bound of a wait on the CLI: far above what it takes on a quiet machine (well under a
 * second), so that a heavily loaded CI machine (load 7–12 on 2 cores) passes, and short of the
 * tests' own timeouts, so that a hang fails with what was awaited and the CLI's stderr.
 */
export const waitLimitMs = 30_000;

/**
 * Polls `check` every 50 ms until it returns true; fails after `limitMs` with `what` and, when
 * given, `detail()` (the CLI's stderr) in the message.
 */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  limitMs = waitLimitMs,
  what = 'condition',
  detail?: () => string,
): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(
        `${what} not met within ${limitMs} ms${detail === undefined ? '' : `; stderr:\n${detail()}`}`,
      );
    await sleep(50);
  }
}

/**
 * Waits until a CLI started with `--metrics 127.0.0.1:0` answers `/health` with 200 running, and
 * returns the metrics address. The CLI marks the metrics running and makes its first look at the
 * inputs (opens every file and fixes where it starts: `--from`, the checkpoint) in one synchronous
 * step, so once /health says running, whatever is appended to an input is past its start. A fixed
 * sleep is no such bound: on a loaded machine the CLI takes seconds to get there.
 */
export async function waitRunning(run: Running, limitMs = waitLimitMs): Promise<string> {
  let address: string | undefined;
  await eventually(
    async () => {
      if (run.child.exitCode !== null || run.child.signalCode !== null)
        throw new Error(`the CLI exited before it was running; stderr:\n${run.stderr()}`);
      address ??= /metrics at http:\/\/(\S+)\/metrics/.exec(run.stderr())?.[1];
      if (address === undefined) return false;
      try {
        const response = await fetch(`http://${address}/health`);
        const body = await response.text();
        return response.status === 200 && body.includes('"running"');
      } catch {
        return false;
      }
    },
    limitMs,
    '/health running',
    () => run.stderr(),
  );
  return address!;
}

/**
 * A sample of the Prometheus text a CLI started with `--metrics` serves: the value of `name`
 * (with any labels; the sum when several series match), or undefined when it is not there.
 */
export async function metricValue(address: string, name: string): Promise<number | undefined> {
  const text = await (await fetch(`http://${address}/metrics`)).text();
  let value: number | undefined;
  for (const match of text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm')))
    value = (value ?? 0) + Number(match[1]);
  return value;
}

/**
 * Waits until a CLI started with `--metrics 127.0.0.1:0` is running and its counter `name` has
 * moved (`logflush_flusher_out_events_total`: it delivered logs); returns the metrics address.
 */
export async function waitCounted(run: Running, name: string): Promise<string> {
  const address = await waitRunning(run);
  await eventually(
    async () => ((await metricValue(address, name)) ?? 0) > 0,
    waitLimitMs,
    `${name} above 0`,
    () => run.stderr(),
  );
  return address;
}

/** A running CLI with its collected stderr. */
export interface Running {
  child: ChildProcess;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startCli(args: string[], options: SpawnOptions = {}): Running {
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd: appDir,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
    ...options,
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stderr: () => stderr, exited };
}

/** Appends numbered lines (`seq=N …`) to a file at a steady rate, in the test process. */
export class LineWriter {
  next = 0;
  #timer: NodeJS.Timeout | undefined;
  #paused = false;

  constructor(
    public file: string,
    private readonly perTick = 10,
    private readonly tickMs = 5,
  ) {}

  start(): void {
    this.#timer = setInterval(() => {
      if (!this.#paused) this.write(this.perTick);
    }, this.tickMs);
  }

  write(count: number): void {
    let text = '';
    for (let i = 0; i < count; i++)
      text += `seq=${this.next++} ${'x'.repeat(40)} ${new Date().toISOString()}\n`;
    fs.appendFileSync(this.file, text);
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}

/** How often each `seq=N` appears in `texts`; lines without one are counted as `other`. */
export function countSeqs(texts: readonly string[]): {
  counts: Map<number, number>;
  other: number;
} {
  const counts = new Map<number, number>();
  let other = 0;
  for (const text of texts) {
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const match = /seq=(\d+)/.exec(line);
      if (match === null) {
        other++;
        continue;
      }
      const seq = Number(match[1]);
      counts.set(seq, (counts.get(seq) ?? 0) + 1);
    }
  }
  return { counts, other };
}

/** Seqs in 0 … total-1 missing from counts, and how many extra copies were seen. */
export function tally(counts: ReadonlyMap<number, number>, total: number) {
  const missing: number[] = [];
  let duplicates = 0;
  for (let seq = 0; seq < total; seq++) {
    const n = counts.get(seq) ?? 0;
    if (n === 0) missing.push(seq);
    else duplicates += n - 1;
  }
  return { missing, duplicates };
}

/** Every file under `dir` (flusher_file's output, rolled files included), concatenated. */
export function readTree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8'));
  }
  return out;
}

/** For the suites that run the built bin (dist/bin.js): fails at once, saying how, when it was not built. */
export function assertCliBuilt(): void {
  if (!fs.existsSync(cliPath))
    throw new Error(`${cliPath} is missing: run pnpm --filter @logflush/cli build`);
}

/**
 * `logflush run --follow` of `input` with a checkpoint in `dir`, as the kill-and-restart tests
 * run it: groups of at most `maxGroupLogs`, paths looked at every 50 ms.
 */
export function followRunArgs(
  config: string,
  input: string,
  dir: string,
  maxGroupLogs: number,
): string[] {
  return [
    'run',
    '--config',
    config,
    '--input',
    input,
    '--follow',
    '--checkpoint',
    path.join(dir, 'checkpoint.json'),
    '--max-group-logs',
    String(maxGroupLogs),
    '--poll-interval',
    '50ms',
  ];
}

/**
 * What a kill can make the next run read and send again: what the checkpoint had not passed, the
 * flushes in the runner's window (4) and the group being read, each of at most maxGroupLogs.
 */
export const killWindow = (maxGroupLogs: number): number => (4 + 1) * maxGroupLogs + maxGroupLogs;

/**
 * The other part of what a kill can make the next run send again (README, Checkpoints): what was
 * delivered while the last checkpoint write was under way (writes are coalesced, one at a time).
 * A write is two fsyncs and a rename: fast on a quiet disk, but a CI run with the suites' fsyncs
 * beside it had 3,460 duplicates after 5 kills at 1,000 lines/s, 92 a kill beyond the pipeline's
 * bound (about 90 ms of writing). Bounded here by a quarter of a second of the writer's lines.
 */
export const checkpointLag = (linesPerSecond: number): number => Math.ceil(linesPerSecond / 4);

/**
 * The README's bound on what one kill can make the next run send again: killWindow plus
 * checkpointLag, for a writer appending about `linesPerSecond` lines.
 */
export const resentPerKill = (maxGroupLogs: number, linesPerSecond: number): number =>
  killWindow(maxGroupLogs) + checkpointLag(linesPerSecond);
