import { vitestConfig } from '@logflush/build/vitest';

export default vitestConfig({
  test: {
    globalSetup: ['@logflush/services/vitest-setup/kafka'],
    // One file at a time: the suite runs once per client, beside other packages' suites, on 2 cores.
    fileParallelism: false,
  },
});
