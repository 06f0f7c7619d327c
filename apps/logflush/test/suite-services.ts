import { afterAll, beforeAll } from 'vitest';
import { releaseKafka, startKafka } from '../../../tooling/services/kafka.mjs';
import { releaseS3, startS3 } from '../../../tooling/services/s3.mjs';
import type { KafkaInfo, S3Info } from '../../../tooling/services/types.js';
import { assertCliBuilt, cleanupDirs } from './follow-support.js';

/**
 * For a suite that runs the built bin (dist/bin.js) against a service of tooling/services: checks the CLI is
 * built and takes a lease on the service before the suite (started if not running), releases
 * it and removes the scratch folders after it (stopped by the last suite that started it).
 * Returns the service's info, once the suite has begun.
 */
function suiteService<Info>(
  start: () => Promise<Info>,
  release: () => Promise<unknown>,
): () => Info {
  let info: Info | undefined;
  beforeAll(async () => {
    assertCliBuilt();
    info = await start();
  }, 180_000);
  afterAll(async () => {
    cleanupDirs();
    await release();
  });
  return () => {
    if (info === undefined) throw new Error('the service is known once the suite has begun');
    return info;
  };
}

export const suiteKafka = (): (() => KafkaInfo) =>
  suiteService(() => startKafka({ owner: 'test', lease: true }), releaseKafka);

export const suiteS3 = (): (() => S3Info) =>
  suiteService(() => startS3({ owner: 'test', lease: true }), releaseS3);
