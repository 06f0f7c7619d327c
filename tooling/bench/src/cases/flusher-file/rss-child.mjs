// Writes N logs (argv[2]) through flusher_file in 1,000-log flushes, then prints
// {"logs":N,"seconds":…,"peakRssMiB":…} — run in a fresh process per size so peaks do not mix.
import fs from 'node:fs';
import { makeBareGroup, startFileFlusher, tempDir } from './shared.mjs';

const total = Number(process.argv[2]);
const groups = [makeBareGroup(1), makeBareGroup(2), makeBareGroup(3), makeBareGroup(4)];
const dir = tempDir();
try {
  const flusher = await startFileFlusher(dir);
  const started = process.hrtime.bigint();
  for (let written = 0, i = 0; written < total; written += groups[0].Logs.length, i++) {
    await flusher.flush('bench', 'bench', 'bench', [groups[i % groups.length]]);
  }
  await flusher.stop();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ logs: total, seconds, peakRssMiB }));
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
