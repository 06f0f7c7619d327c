import { vitestConfig } from '@logflush/build/vitest';

export default vitestConfig({
  test: {
    globalSetup: ['@logflush/services/vitest-setup/kafka'],
    // One file at a time: broker-restart.test.ts stops and restarts the broker that every file uses.
    fileParallelism: false,
  },
});
