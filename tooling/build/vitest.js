import { defineConfig, mergeConfig } from 'vitest/config';

/**
 * Test files that stop, restart or kill a shared service (the Kafka broker, the S3 server) are
 * named `*.outage.test.ts`. They run in a pass of their own, `test:outage`, one package at a time
 * after every other suite (tooling/scripts/test-all.mjs): run beside the other packages' suites,
 * they would take the broker away from tests that did not expect it.
 */
export const outagePass = process.env.LOGFLUSH_TEST_PASS === 'outage';
const outageFiles = '**/*.outage.test.ts';

/**
 * The vitest settings every package shares. Timeouts are generous because CI runs the packages'
 * suites side by side on 2 cores and several tests start real processes; they bound hangs, they
 * do not measure speed.
 */
export function vitestConfig(overrides = {}) {
  return mergeConfig(
    defineConfig({
      test: {
        testTimeout: 30_000,
        hookTimeout: 60_000,
        ...(outagePass
          ? { include: [outageFiles] }
          : { exclude: ['**/node_modules/**', '**/.git/**', outageFiles] }),
      },
    }),
    overrides,
  );
}
