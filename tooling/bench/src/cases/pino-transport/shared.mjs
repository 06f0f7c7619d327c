// Shared by the pino-*.mjs cases: one pino logger per variant, each on its own transport (a
// worker thread), logging the same records. run() logs a batch in the main thread, then waits
// for logger.flush() (every line handed to the destination), so the rate is what the app can
// sustain; the main thread's own CPU for the batch (process.threadCpuUsage) is kept per batch.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';

export const batch = 2000;

/** process.threadCpuUsage (Node 23.9+, not in @types/node 20), when this Node has it. */
const threadCpuUsage = /** @type {{ threadCpuUsage?: () => NodeJS.CpuUsage }} */ (process)
  .threadCpuUsage;

const threadCpuMicros =
  typeof threadCpuUsage === 'function'
    ? () => {
        const { user, system } = threadCpuUsage.call(process);
        return user + system;
      }
    : () => {
        const { user, system } = process.cpuUsage();
        return user + system;
      };

/** A pino logger on `transport` with a per-batch main-thread CPU sampler. */
export function variant(name, transport) {
  const logger = pino({ base: { pid: process.pid, hostname: os.hostname() } }, transport);
  const cpuPerLog = [];
  let i = 0;
  return {
    name,
    logger,
    transport,
    cpuPerLog,
    async run() {
      const start = threadCpuMicros();
      for (let k = 0; k < batch; k++, i++) {
        logger.info(
          { i, user: { id: i % 97, name: 'ada' }, path: '/api/v1/items', ms: i % 13 },
          'request done',
        );
      }
      cpuPerLog.push((threadCpuMicros() - start) / batch);
      await /** @type {Promise<void>} */ (
        new Promise((resolve, reject) =>
          logger.flush((error) => (error ? reject(error) : resolve())),
        )
      );
      return batch;
    },
  };
}

export async function ready(transport) {
  if (!transport.ready) await new Promise((resolve) => transport.once('ready', resolve));
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Prints the main thread's CPU per log of both variants (medians over the batches) and their ratio. */
export function reportCpu(caseName, baseline, candidate, target) {
  const b = median(baseline.cpuPerLog);
  const c = median(candidate.cpuPerLog);
  const ratio = c / b;
  console.log(
    `${caseName}: main-thread CPU per log (median of ${candidate.cpuPerLog.length} batches of ${batch}): ` +
      `${baseline.name} ${b.toFixed(3)} µs, ${candidate.name} ${c.toFixed(3)} µs, ratio ${ratio.toFixed(2)}× ` +
      `(target ≤ ${target}×: ${ratio <= target ? 'met' : 'MISSED'})`,
  );
}

export function end(transport) {
  return new Promise((resolve) => {
    transport.ref();
    transport.once('close', resolve);
    transport.end();
  });
}

export function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'logflush-bench-pino-'));
}

/** pino → @logflush/pino → flusher_file (json, size rotation on: 10 MiB × 5 files). */
export function logflushTransport(dir) {
  return pino.transport({
    target: '@logflush/pino',
    options: {
      flushers: [
        {
          type: 'flusher_file',
          detail: {
            FilePath: path.join(dir, 'logflush.log'),
            Format: 'json',
            MaxFileSize: 10 * 1024 * 1024,
            MaxFiles: 5,
          },
        },
      ],
      // logger.flush() hands the partial group over; between flushes, groups of 1024 logs.
      lingerMs: 1000,
    },
  });
}

/**
 * A case: pino → `baselineTransport(dir)` against pino → @logflush/pino → flusher_file, both
 * pino transports, each batch waiting for logger.flush(); the main thread's CPU per log is
 * printed beside (target ≤ 1.2× of the baseline's).
 * @param {string} name
 * @param {string} baselineName
 * @param {(dir: string) => ReturnType<typeof pino.transport>} baselineTransport
 */
export function transportCase(name, baselineName, baselineTransport) {
  return {
    name,
    unit: 'logs',
    target: 1.0,
    async setup() {
      const dir = tempDir();
      const baseline = variant(baselineName, baselineTransport(dir));
      const candidate = variant('pino → @logflush/pino', logflushTransport(dir));
      await Promise.all([ready(baseline.transport), ready(candidate.transport)]);
      return { dir, baseline, candidate };
    },
    /** @param {{ dir: string, baseline: ReturnType<typeof variant>, candidate: ReturnType<typeof variant> }} context */
    async teardown({ dir, baseline, candidate }) {
      reportCpu(name, baseline, candidate, 1.2);
      await Promise.all([end(baseline.transport), end(candidate.transport)]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
    baseline: {
      name: baselineName,
      /** @param {{ baseline: ReturnType<typeof variant> }} context */
      run: ({ baseline }) => baseline.run(),
    },
    candidate: {
      name: 'pino → @logflush/pino → flusher_file',
      /** @param {{ candidate: ReturnType<typeof variant> }} context */
      run: ({ candidate }) => candidate.run(),
    },
  };
}
