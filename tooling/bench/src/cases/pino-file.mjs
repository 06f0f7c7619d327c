// Issue 11: pino → @logflush/pino → flusher_file (json, rotation on) against pino → pino/file
// (sonic-boom in pino's worker), both pino transports: logs/s the app sustains (each batch of
// 2,000 logs waits for logger.flush()), and the main thread's CPU per log, printed beside.
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import {
  end,
  logflushTransport,
  ready,
  reportCpu,
  tempDir,
  variant,
} from './pino-transport/shared.mjs';

const name = 'pino → @logflush/pino (flusher_file) vs pino/file (2,000 logs + flush)';

export default {
  name,
  unit: 'logs',
  target: 1.0,
  async setup() {
    const dir = tempDir();
    const baseline = variant(
      'pino → pino/file',
      pino.transport({ target: 'pino/file', options: { destination: path.join(dir, 'pino.log') } }),
    );
    const candidate = variant('pino → @logflush/pino', logflushTransport(dir));
    await Promise.all([ready(baseline.transport), ready(candidate.transport)]);
    return { dir, baseline, candidate };
  },
  async teardown({ dir, baseline, candidate }) {
    reportCpu(name, baseline, candidate, 1.2);
    await Promise.all([end(baseline.transport), end(candidate.transport)]);
    fs.rmSync(dir, { recursive: true, force: true });
  },
  baseline: { name: 'pino → pino/file', run: ({ baseline }) => baseline.run() },
  candidate: {
    name: 'pino → @logflush/pino → flusher_file',
    run: ({ candidate }) => candidate.run(),
  },
};
