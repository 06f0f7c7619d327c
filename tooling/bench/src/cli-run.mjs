#!/usr/bin/env node
// Issue 3: `logflush run` over generated 1,000,000- and 5,000,000-line files into flusher_stdout
// writing to /dev/null: logs/s against a bare Node JSON-lines baseline in the same run, and peak
// RSS at both sizes (target: < 20% growth from 1M to 5M lines). Medians of 3 runs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureNode, median } from './measure-child.mjs';

const root = path.resolve(import.meta.dirname, '../../..');
const cli = path.join(root, 'apps/logflush/dist/cli.js');
const baseline = new URL('./baselines/json-lines.mjs', import.meta.url).pathname;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'logflush-cli-bench-'));
const runs = 3;

function writeLines(file, count) {
  const fd = fs.openSync(file, 'w');
  const batch = 10_000;
  for (let start = 0; start < count; start += batch) {
    let text = '';
    for (let i = start; i < Math.min(start + batch, count); i++) {
      text += `2026-11-26T04:00:00.${String(i % 1000).padStart(3, '0')}Z INFO GET /api/v1/items/${i} 200 ${i % 997}ms "curl/8.5.0" req=${i}\n`;
    }
    fs.writeSync(fd, text);
  }
  fs.closeSync(fd);
}

const config = path.join(work, 'pipeline.json');
fs.writeFileSync(
  config,
  JSON.stringify({ flushers: [{ type: 'flusher_stdout', detail: { OnlyStdout: true } }] }),
);

const rows = [];
const rss = {};
for (const lines of [1_000_000, 5_000_000]) {
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
  fs.rmSync(input);
}
fs.rmSync(work, { recursive: true, force: true });

const growth = (rss[5_000_000] / rss[1_000_000] - 1) * 100;
console.log(
  `\nlogflush run → flusher_stdout (OnlyStdout) → /dev/null, median of ${runs} runs, node ${process.version}`,
);
console.log(
  '| lines | baseline (JSON.stringify lines) logs/s | logflush run logs/s | ratio | logflush peak RSS |',
);
console.log('| ---: | ---: | ---: | ---: | ---: |');
for (const row of rows) console.log(row);
console.log(
  `peak RSS growth 1M → 5M lines: ${growth.toFixed(1)}% (target < 20%: ${growth < 20 ? 'met' : 'MISSED'})`,
);
