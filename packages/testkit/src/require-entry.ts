// The CommonJS build's entry. vitest refuses to be loaded with require(), so the conformance
// suite exists only in the ES module build; vitest always runs test files as ES modules, so a
// test importing @logflush/testkit gets that build. CommonJS code gets the helpers and a clear
// error if it calls the suite.
import type { FlusherPlugin } from '@logflush/core';
import type { ConformanceOptions } from './conformance-options.js';

export * from './helpers.js';

export function describeFlusherConformance<Detail extends Record<string, unknown>>(
  _plugin: FlusherPlugin,
  _options: ConformanceOptions<Detail>,
): void {
  throw new Error(
    'describeFlusherConformance needs vitest, which cannot be loaded with require(): import @logflush/testkit from an ES module test file',
  );
}
