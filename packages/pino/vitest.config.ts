import { vitestConfig } from '@logflush/build/vitest';

// The tests run pino in child processes on the built package (dist/, built before `test` by
// turbo). Kafka and S3 come from tooling/services (package.json "testServices"). One file at a
// time: several measure the memory and exit of a child process.
export default vitestConfig({
  test: {
    globalSetup: ['@logflush/services/vitest-setup/kafka', '@logflush/services/vitest-setup/s3'],
    fileParallelism: false,
  },
});
