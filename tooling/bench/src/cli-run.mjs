#!/usr/bin/env node
// `logflush run` figures, each against a baseline of the same run:
// - start time (issue 13): `logflush run` on the 8-line sample into flusher_stdout, against a bare
//   `node -e 1` (target: within 0.3 s of it); medians of 7 runs;
// - throughput and peak RSS over generated 1,000,000- and 4,000,000-line files into flusher_stdout
//   writing to /dev/null, against a bare Node JSON-lines baseline (target: peak RSS growth from 1M
//   to 4M lines < 10%); medians of 3 runs;
// - --follow throughput (issue 13): a file growing as fast as a writer process can append
//   (1,000,000 lines in 256 KiB writes) while `logflush run --follow` (with its checkpoint) ships
//   it, timed from the writer's start until /metrics says every line was delivered, against the
//   same data read once (`logflush run` over the complete file, process start to exit); one run.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureNode, median } from './measure-child.mjs';

const root = path.resolve(import.meta.dirname, '../../..');
// The `logflush` bin, as an installed package runs it (run starts again with its Node flags).
const cli = path.join(root, 'apps/logflush/dist/bin.js');
const sample = path.join(root, 'apps/logflush/samples/app.log');
const baseline = new URL('./baselines/json-lines.mjs', import.meta.url).pathname;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'logflush-cli-bench-'));
const runs = 3;

const line = (i) =>
  `2026-11-26T04:00:00.${String(i % 1000).padStart(3, '0')}Z INFO GET /api/v1/items/${i} 200 ${i % 997}ms "curl/8.5.0" req=${i}\n`;

function writeLines(file, count) {
  const fd = fs.openSync(file, 'w');
  const batch = 10_000;
  for (let start = 0; start < count; start += batch) {
    let text = '';
    for (let i = start; i < Math.min(start + batch, count); i++) text += line(i);
    fs.writeSync(fd, text);
  }
  fs.closeSync(fd);
}

const config = path.join(work, 'pipeline.json');
fs.writeFileSync(
  config,
  JSON.stringify({ flushers: [{ type: 'flusher_stdout', detail: { OnlyStdout: true } }] }),
);

// 1. Start time.
const bare = [];
const started = [];
for (let i = 0; i < 7; i++) {
  bare.push(measureNode(['-e', '1']).seconds);
  started.push(measureNode([cli, 'run', '--config', config, '--input', sample, '--quiet']).seconds);
}
const bareStart = median(bare);
const cliStart = median(started);

// 2. Throughput and RSS.
const rows = [];
const rss = {};
for (const lines of [1_000_000, 4_000_000]) {
  const input = path.join(work, `${lines}.log`);
  writeLines(input, lines);
  const cliRuns = [];
  const baseRuns = [];
  for (let i = 0; i < runs; i++) {
    baseRuns.push(measureNode([baseline, input]));
    cliRuns.push(measureNode([cli, 'run', '--config', config, '--input', input, '--quiet']));
  }
  const cliRate = lines / median(cliRuns.map((r) => r.seconds));
  const baseRate = lines / median(baseRuns.map((r) => r.seconds));
  rss[lines] = median(cliRuns.map((r) => r.maxRssMb));
  rows.push(
    `| ${lines.toLocaleString('en-US')} | ${Math.round(baseRate).toLocaleString('en-US')} | ${Math.round(cliRate).toLocaleString('en-US')} | ${(cliRate / baseRate).toFixed(2)}× | ${rss[lines].toFixed(0)} MB |`,
  );
  if (lines !== 1_000_000) fs.rmSync(input);
}

// 3. --follow on a growing file against the same data read once.
const followLines = 1_000_000;
const complete = path.join(work, `${followLines}.log`);
const once = measureNode([cli, 'run', '--config', config, '--input', complete, '--quiet']).seconds;
const follow = await followRun(complete, followLines);
fs.rmSync(work, { recursive: true, force: true });

/** Seconds from the writer's start until every line was delivered, by /metrics. */
async function followRun(source, lines) {
  const growing = path.join(work, 'growing.log');
  fs.writeFileSync(growing, '');
  const child = spawn(
    process.execPath,
    [
      cli,
      'run',
      '--config',
      config,
      '--input',
      growing,
      '--follow',
      '--state-dir',
      path.join(work, 'state'),
      '--metrics',
      '127.0.0.1:0',
      '--quiet',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let address;
  while (address === undefined) {
    const match = /metrics at http:\/\/(\S+)\/metrics/.exec(stderr);
    if (match !== null) address = match[1];
    else await new Promise((resolve) => setTimeout(resolve, 20));
    if (child.exitCode !== null) throw new Error(`logflush --follow exited: ${stderr}`);
  }
  const delivered = async () => {
    const text = await (await fetch(`http://${address}/metrics`)).text();
    const match = /^logflush_pipeline_delivered_logs_total (\d+)/m.exec(text);
    return match === null ? 0 : Number(match[1]);
  };
  const t0 = process.hrtime.bigint();
  // The writer: another process appending the data as fast as it can, 256 KiB at a time.
  const writer = spawn(process.execPath, [
    '-e',
    `const fs=require('fs');const src=fs.openSync(process.argv[1],'r');const dst=fs.openSync(process.argv[2],'a');const b=Buffer.allocUnsafe(262144);let n;while((n=fs.readSync(src,b,0,b.length,null))>0)fs.writeSync(dst,b,0,n);`,
    source,
    growing,
  ]);
  const writerDone = new Promise((resolve) => writer.once('exit', resolve));
  while ((await delivered()) < lines) await new Promise((resolve) => setTimeout(resolve, 20));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  await writerDone;
  child.kill('SIGTERM');
  await exited;
  return seconds;
}

const growth = (rss[4_000_000] / rss[1_000_000] - 1) * 100;
const startGap = cliStart - bareStart;
console.log(`\nlogflush run, node ${process.version}, ${os.cpus().length} CPUs`);
console.log('\nstart time, median of 7 runs:');
console.log('| node -e 1 | logflush run (8 lines → flusher_stdout) | difference | target |');
console.log('| ---: | ---: | ---: | ---: |');
console.log(
  `| ${bareStart.toFixed(3)} s | ${cliStart.toFixed(3)} s | ${startGap.toFixed(3)} s | ≤ 0.300 s ${startGap <= 0.3 ? 'met' : 'MISSED'} |`,
);
console.log(`\nlogflush run → flusher_stdout (OnlyStdout) → /dev/null, median of ${runs} runs:`);
console.log(
  '| lines | baseline (JSON.stringify lines) logs/s | logflush run logs/s | ratio | logflush peak RSS |',
);
console.log('| ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(row);
console.log(
  `peak RSS growth 1M → 4M lines: ${growth.toFixed(1)}% (target < 10%: ${growth < 10 ? 'met' : 'MISSED'})`,
);
console.log(
  `\n--follow on a file a writer grows as fast as it can (${followLines.toLocaleString('en-US')} lines), one run:`,
);
console.log(
  '| read once (run, start to exit) | --follow (writer start to all delivered) | ratio (follow rate / once rate) |',
);
console.log('| ---: | ---: | ---: |');
console.log(
  `| ${once.toFixed(2)} s (${Math.round(followLines / once).toLocaleString('en-US')} logs/s) | ${follow.toFixed(2)} s (${Math.round(followLines / follow).toLocaleString('en-US')} logs/s) | ${(once / follow).toFixed(2)}× |`,
);
