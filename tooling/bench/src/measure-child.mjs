import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const preload = new URL('./report-rss.cjs', import.meta.url).pathname;

/**
 * Runs `node <args>` with stdout to /dev/null and returns its wall time and peak RSS; throws
 * with its stderr when it exits non-zero.
 */
export function measureNode(args, options = {}) {
  const rssFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'logflush-rss-')), 'rss');
  const devNull = fs.openSync('/dev/null', 'w');
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--require', preload, ...args], {
    cwd: options.cwd,
    env: { ...process.env, LOGFLUSH_BENCH_RSS_FILE: rssFile },
    stdio: ['ignore', devNull, 'pipe'],
    encoding: 'utf8',
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  fs.closeSync(devNull);
  if (result.status !== 0)
    throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  const maxRssKb = Number(fs.readFileSync(rssFile, 'utf8'));
  fs.rmSync(path.dirname(rssFile), { recursive: true, force: true });
  return { seconds, maxRssMb: maxRssKb / 1024 };
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
