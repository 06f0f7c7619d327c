import { vitestConfig } from '@logflush/build/vitest';

// The tests run the built package (dist/, built before `test` by turbo), loaded by Node itself
// rather than through vitest's module runner: the plugin loader's import() and its module
// resolution are then Node's own, as in an app.
export default vitestConfig({
  test: { server: { deps: { external: [/\/packages\/pipeline\/dist\//] } } },
});
