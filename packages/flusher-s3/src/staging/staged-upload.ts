import { BufferGauge, type CompressionCodec } from '@logflush/core';
import { ObjectWriter } from '../object-writer.js';
import type { PartPool } from '../part-pool.js';
import type { ObjectHeaders, Uploader } from '../s3/uploader.js';
import { readRecords, type RecordFileEnd } from './record-file.js';
import type { StagingDir, StagedObject } from './staging-dir.js';

export interface StagedUploadOptions {
  uploader: Uploader;
  staging: StagingDir;
  compression: CompressionCodec;
  headers: ObjectHeaders;
  pool: PartPool;
  /** Parts in flight at most; reading waits for room, so memory stays near (limit + 1) × PartSize. */
  partsInFlight: number;
  onIgnoredBytes?: (end: RecordFileEnd) => void;
}

/**
 * Uploads a staged object from its records file, compressing as it reads, under the key fixed
 * when it was opened. The multipart upload id is written to the meta file, so that a crash
 * during the upload leaves nothing that the next start cannot abort. Resolves to the number of
 * logs uploaded; the staged files are removed only after the object is in S3.
 */
export async function uploadStaged(
  object: StagedObject,
  options: StagedUploadOptions,
): Promise<number> {
  const { meta } = object;
  const writer = new ObjectWriter(
    options.uploader,
    meta.key,
    options.headers,
    options.pool,
    new BufferGauge(),
    (uploadId) => options.staging.writeMeta(object.id, { ...meta, uploadId }),
  );
  const compressor = await options.compression.create((chunk) => writer.write(chunk));
  let events = 0;
  try {
    for await (const record of readRecords(
      options.staging.recordsPath(object.id),
      options.onIgnoredBytes,
    )) {
      events += record.events;
      await compressor.write(record.payload);
      await writer.waitForRoom(options.partsInFlight);
    }
    await compressor.end();
  } catch (error) {
    compressor.destroy();
    await writer.abandon(error);
    throw error;
  }
  await writer.end();
  await options.staging.remove(object.id);
  return events;
}
