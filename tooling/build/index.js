import { defineConfig } from 'tsup';

/** The build every published package uses: ESM + CJS + types for Node 20, from src/index.ts. */
export function libraryBuild(overrides = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    ...overrides,
  });
}
