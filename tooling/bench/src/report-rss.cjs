// Preloaded into a measured child process (node --require): on exit, writes the process's peak
// resident set size in KiB to the file named by LOGFLUSH_BENCH_RSS_FILE.
const fs = require('node:fs');

process.on('exit', () => {
  fs.writeFileSync(
    String(process.env.LOGFLUSH_BENCH_RSS_FILE),
    String(process.resourceUsage().maxRSS),
  );
});
