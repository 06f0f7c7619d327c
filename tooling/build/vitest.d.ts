import type { ViteUserConfig } from 'vitest/config';

/** True in the `test:outage` pass (LOGFLUSH_TEST_PASS=outage): only `*.outage.test.ts` files run. */
export declare const outagePass: boolean;

/** The vitest settings every package shares, merged with `overrides`. */
export declare function vitestConfig(overrides?: ViteUserConfig): ViteUserConfig;
