import { vitestConfig } from '@logflush/build/vitest';

// The tests spawn `node` on fixture scripts that load the built package (dist/, built before
// `test` by turbo) with real winston and real flushers; the Kafka and S3 tests use the services
// that tooling/services starts (or finds running).
export default vitestConfig({
  test: {
    globalSetup: ['@logflush/services/vitest-setup/kafka', '@logflush/services/vitest-setup/s3'],
    // One file at a time: backpressure.test.ts measures a child's RSS, which the other files'
    // children (100,000 logs each) would disturb on a 2-core machine.
    fileParallelism: false,
  },
});
