// flusher_file (issue 4): 10-field logs (~260-byte lines) in the json format to a real file with
// size rotation on, one 1,000-log flush at a time as the runner calls it, against JSON.stringify
// of the same logs as plain objects joined and written with fs.writeSync in 1,000-line batches.
// Setup also measures peak RSS for 1M and 10M logs, each in a child process (printed to stderr).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  makeBareGroup,
  plainObjects,
  startFileFlusher,
  syncLineWriter,
  tempDir,
} from './flusher-file/shared.mjs';

const rssChild = fileURLToPath(new URL('./flusher-file/rss-child.mjs', import.meta.url));

function measurePeakRss() {
  const results = [1_000_000, 10_000_000].map((logs) =>
    JSON.parse(execFileSync(process.execPath, [rssChild, String(logs)], { encoding: 'utf8' })),
  );
  const rows = results.map(
    (r) =>
      `  ${(r.logs / 1e6).toFixed(0)}M logs: peak RSS ${r.peakRssMiB.toFixed(1)} MiB, ` +
      `${(r.logs / r.seconds / 1e6).toFixed(2)}M logs/s`,
  );
  process.stderr.write(`flusher_file peak RSS (child process per size):\n${rows.join('\n')}\n`);
}

export default {
  name: 'flusher_file json to a rotating file (1,000-log flushes)',
  unit: 'logs',
  target: 0.8,
  async setup() {
    if (process.env.BENCH_FILE_RSS !== '0') measurePeakRss();
    const dir = tempDir();
    const group = makeBareGroup();
    return {
      dir,
      group,
      objects: plainObjects(group),
      writer: syncLineWriter(path.join(dir, 'baseline.log')),
      flusher: await startFileFlusher(dir),
    };
  },
  async teardown({ dir, writer, flusher }) {
    writer.close();
    await flusher.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  },
  baseline: {
    name: 'JSON.stringify + fs.writeSync',
    run({ objects, writer }) {
      let text = '';
      for (const object of objects) text += JSON.stringify(object) + '\n';
      writer.write(text);
      return objects.length;
    },
  },
  candidate: {
    name: '@logflush/flusher-file',
    async run({ flusher, group }) {
      await flusher.flush('bench', 'bench', 'bench', [group]);
      return group.Logs.length;
    },
  },
};
