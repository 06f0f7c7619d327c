import type { ViteUserConfig } from 'vitest/config';

/** The vitest settings every package shares, merged with `overrides`. */
export declare function vitestConfig(overrides?: ViteUserConfig): ViteUserConfig;
