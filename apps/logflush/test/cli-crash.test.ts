import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { S3Info } from '../../../tooling/services/types.js';
import { cliPath } from './helpers.js';
import {
  cleanupDirs,
  eventually,
  metricValue,
  scratchDir,
  startCli,
  tally,
  waitRunning,
  type Running,
} from './follow-support.js';
import {
  loggedMessages,
  releaseS3Lease,
  s3Detail,
  storedKeys,
  storedLinesSoFar,
  storedSeqCounts,
  storedSeqs,
  summaryRow,
  uniquePrefix,
  useS3,
} from './s3-store.js';

/*
 * `logflush run` into flusher_s3 with `Buffer: {"Type": "disk"}` is killed with SIGKILL; a second
 * run on the same buffer uploads every log the first one accepted. The first run's progress is
 * read from its /metrics (what the pipeline saw resolved, the flusher's backlog and uploads) and
 * the S3 store, never from the buffer's files. Delivery is at least once: a log is uploaded again
 * when its object was uploaded but the buffer had not kept its release on disk at the kill.
 */
let s3: S3Info;

beforeAll(async () => {
  if (!fs.existsSync(cliPath))
    throw new Error(`${cliPath} is missing: run pnpm --filter @logflush/cli build`);
  s3 = await useS3();
}, 120_000);

afterAll(async () => {
  cleanupDirs();
  await releaseS3Lease();
});

const lines = (first: number, count: number) =>
  Array.from(
    { length: count },
    (_, i) => `{"seq":"${first + i}","content":"line ${first + i}"}\n`,
  ).join('');

const env = { ...process.env, NO_COLOR: '1', AWS_EC2_METADATA_DISABLED: 'true' };

interface Setup {
  prefix: string;
  bufferDir: string;
  args: string[];
}

function setup(extra: Record<string, unknown>): Setup {
  const dir = scratchDir('logflush-cli-s3-');
  const prefix = uniquePrefix();
  const bufferDir = path.join(dir, 'buffer');
  const configFile = path.join(dir, 'pipeline.json');
  const detail = s3Detail(s3, prefix, { Buffer: { Type: 'disk', Path: bufferDir }, ...extra });
  fs.writeFileSync(configFile, JSON.stringify({ flushers: [{ type: 'flusher_s3', detail }] }));
  // flusher_s3 as the CLI ships it (plugins.yml).
  return { prefix, bufferDir, args: ['run', '--config', configFile, '--input-format', 'jsonl'] };
}

/** The first run: reads stdin, serves /metrics on a free port. */
async function startFirst(args: string[]): Promise<{ run: Running; address: string }> {
  const run = startCli([...args, '--input', '-', '--quiet', '--metrics', '127.0.0.1:0'], {
    stdio: ['pipe', 'ignore', 'pipe'],
    env,
  });
  return { run, address: await waitRunning(run) };
}

/** Waits until the pipeline saw `logs` logs resolved: with the disk buffer, fsynced there. */
async function waitStored(first: { run: Running; address: string }, logs: number) {
  await eventually(
    async () =>
      (await metricValue(first.address, 'logflush_pipeline_delivered_logs_total')) === logs,
    undefined,
    `${logs} logs stored in the disk buffer`,
    () => first.run.stderr(),
  );
}

async function kill(run: Running): Promise<void> {
  run.child.kill('SIGKILL');
  expect((await run.exited).signal).toBe('SIGKILL');
}

/** A run of an empty input on the same buffer: it uploads what the buffer holds, then stops. */
function rerun(setup: Setup) {
  const empty = path.join(path.dirname(setup.bufferDir), 'empty.jsonl');
  fs.writeFileSync(empty, '');
  const result = spawnSync(
    process.execPath,
    [cliPath, ...setup.args, '--input', empty, '--summary'],
    { env, encoding: 'utf8', timeout: 60_000 },
  );
  const recovered = loggedMessages(result.stderr)
    .map((entry) =>
      /^flusher_s3: uploading (\d+) logs left in the disk buffer "(.*)" by an earlier run$/.exec(
        entry.message,
      ),
    )
    .filter((match) => match !== null);
  return {
    status: result.status,
    output: result.stdout + result.stderr,
    summary: summaryRow(result.stderr),
    // recovered_events, as the run logs it: the logs an earlier run left in the buffer.
    recovered: recovered.map((match) => ({ logs: Number(match[1]), path: match[2] })),
  };
}

/** What a run that uploaded `out` logs and left none in the buffer prints as its summary. */
const cleanSummary = (out: number) => ({
  flusher: 'flusher_s3',
  in_events: '0',
  out_events: String(out),
  failed_events: '0',
  dropped_events: '0',
  retries: '0',
  undelivered: '0',
  in_buffer: '0',
});

describe('logflush run with flusher_s3 and a disk buffer, killed with SIGKILL mid-run', () => {
  it('uploads every log it accepted when it runs again; none twice, as none was uploaded before the kill', async () => {
    const run = setup({ FlushInterval: '1h' });
    const first = await startFirst(run.args);
    const stdin = first.run.child.stdin!;
    stdin.write(lines(0, 300));
    await waitStored(first, 300);
    stdin.write(lines(300, 200));
    await waitStored(first, 500);
    // All 500 wait in the disk buffer (FlushInterval is an hour): /metrics shows the backlog.
    expect(await metricValue(first.address, 'logflush_flusher_buffer_backlog_logs')).toBe(500);
    await kill(first.run);
    // Nothing was uploaded: FlushInterval is an hour, no object reached MaxObjectBytes, and stop
    // never ran.
    expect(storedKeys(s3, run.prefix)).toEqual([]);

    const second = rerun(run);
    expect(second.status, second.output).toBe(0);
    expect(second.recovered).toEqual([{ logs: 500, path: run.bufferDir }]);
    expect(second.summary).toEqual(cleanSummary(500));
    // Duplicates come only from logs uploaded before the kill whose release the buffer had not
    // kept: with nothing uploaded, the bound is 0, and the second run uploads each record once.
    const { missing, duplicates } = tally(storedSeqCounts(s3, run.prefix), 500);
    console.log(`kill -9 before any upload: 500 logs, ${duplicates} duplicates (bound 0)`);
    expect(missing).toEqual([]);
    expect(duplicates).toBe(0);
    expect(storedSeqs(s3, run.prefix)).toEqual(Array.from({ length: 500 }, (_, i) => i));

    // The buffer was released: a third run finds nothing left and uploads nothing.
    const keys = storedKeys(s3, run.prefix);
    const third = rerun(run);
    expect(third.status, third.output).toBe(0);
    expect(third.recovered).toEqual([]);
    expect(third.summary).toEqual(cleanSummary(0));
    expect(storedKeys(s3, run.prefix)).toEqual(keys);
    for (const output of [first.run.stderr(), second.output, third.output])
      expect(output).not.toContain(s3.secretAccessKey);
  }, 90_000);

  it('uploads again, after a kill with objects uploaded, only a tail of what was uploaded, at most once more', async () => {
    // Objects close at 100 logs: 250 logs make two uploaded objects and one open with 50.
    const run = setup({ FlushInterval: '1h', MaxEvents: 100 });
    const first = await startFirst(run.args);
    const stdin = first.run.child.stdin!;
    const uploaded = async (logs: number) => {
      await eventually(
        async () =>
          (await metricValue(first.address, 'logflush_flusher_out_events_total')) === logs &&
          storedLinesSoFar(s3, run.prefix).length === logs,
        undefined,
        `${logs} logs uploaded`,
        () => first.run.stderr(),
      );
    };
    stdin.write(lines(0, 150));
    await waitStored(first, 150);
    await uploaded(100);
    stdin.write(lines(150, 100));
    await waitStored(first, 250);
    await uploaded(200);
    await kill(first.run);
    expect(storedSeqs(s3, run.prefix)).toEqual(Array.from({ length: 200 }, (_, i) => i));

    const second = rerun(run);
    expect(second.status, second.output).toBe(0);
    expect(second.recovered).toHaveLength(1);
    const recovered = second.recovered[0]!.logs;
    expect(second.summary).toEqual(cleanSummary(recovered));
    const counts = storedSeqCounts(s3, run.prefix);
    const { missing, duplicates } = tally(counts, 250);
    // The buffer keeps on disk the position of the first record not released, and a batch is
    // released once every object holding its logs is uploaded. After the kill the second run
    // uploads every record from that position on: the 50 logs of the open object (never
    // uploaded) and a tail of the 200 uploaded ones (those whose batch shares the open object,
    // or whose release was not yet written when the kill came). So the duplicates are exactly
    // what it recovered beyond those 50, at most the 200 uploaded, each uploaded once more, and
    // they are the seqs just before 200.
    console.log(
      `kill -9 after 200 of 250 logs were uploaded: ${recovered} recovered, ${duplicates} duplicates (bound 200)`,
    );
    expect(missing).toEqual([]);
    expect(duplicates).toBe(recovered - 50);
    expect(duplicates).toBeLessThanOrEqual(200);
    const twice = [...counts].filter(([, n]) => n > 1).map(([seq]) => seq);
    expect([...counts.values()].every((n) => n <= 2)).toBe(true);
    expect(twice.sort((a, b) => a - b)).toEqual(
      Array.from({ length: duplicates }, (_, i) => 200 - duplicates + i),
    );
    for (const output of [first.run.stderr(), second.output])
      expect(output).not.toContain(s3.secretAccessKey);
  }, 90_000);
});
