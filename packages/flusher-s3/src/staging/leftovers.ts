import type { BufferGauge } from '@logflush/core';
import type { Uploader } from '../s3/uploader.js';
import { readRecords } from './record-file.js';
import type { StagedObject, StagingDir } from './staging-dir.js';

export interface LeftoverHooks {
  uploader: Uploader;
  gauge: BufferGauge;
  /** Uploads a staged object (compressing and removing it), as for one closed in this run. */
  upload(object: StagedObject): Promise<number>;
  uploaded(object: StagedObject, events: number): void;
  failed(object: StagedObject, events: number, error: unknown): void;
}

/**
 * Starts uploading the objects a crash left in StagingDir, oldest first, and returns their
 * uploads. A multipart upload such an object had started is aborted first; then it is uploaded
 * again under its own key, so an object uploaded just before the crash is replaced, not
 * duplicated. One whose records are gone (removed after its upload) is only cleared away.
 */
export async function uploadLeftovers(
  staging: StagingDir,
  hooks: LeftoverHooks,
): Promise<Array<Promise<void>>> {
  const uploads: Array<Promise<void>> = [];
  for (const object of await staging.leftovers()) {
    const { size, events } = await stagedContent(staging.recordsPath(object.id));
    hooks.gauge.hold(size);
    hooks.gauge.startSending(size);
    uploads.push(
      (async () => {
        try {
          if (object.meta.uploadId !== undefined) {
            await hooks.uploader.abortMultipartUpload(object.meta.key, object.meta.uploadId);
          }
          if (events === 0) {
            await staging.remove(object.id);
            return;
          }
          await hooks.upload(object);
          hooks.uploaded(object, events);
        } catch (error) {
          hooks.failed(object, events, error);
        } finally {
          hooks.gauge.endSending(size);
        }
      })(),
    );
  }
  return uploads;
}

/** Bytes and logs in a staged records file; a missing file (removed after its upload) holds none. */
async function stagedContent(path: string): Promise<{ size: number; events: number }> {
  let size = 0;
  let events = 0;
  try {
    for await (const record of readRecords(path)) {
      size += record.payload.length;
      events += record.events;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return { size, events };
}
