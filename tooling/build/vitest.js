import { defineConfig, mergeConfig } from 'vitest/config';

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
      },
    }),
    overrides,
  );
}
