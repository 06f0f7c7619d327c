import { vitestConfig } from '@logflush/build/vitest';

// The generator test installs, builds and tests a whole package in a copy of the workspace; on
// a busy 2-core CI machine that takes minutes, so the bounds are wide. test/ only: templates/
// holds a flusher's own tests.
export default vitestConfig({
  test: {
    include: ['test/**/*.test.mjs'],
    testTimeout: 15 * 60_000,
    hookTimeout: 5 * 60_000,
  },
});
