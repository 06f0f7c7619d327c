import { vitestConfig } from '@logflush/build/vitest';

export default vitestConfig({
  test: {
    globalSetup: ['@logflush/services/vitest-setup/s3'],
    setupFiles: ['./test/setup.ts'],
  },
});
