import { randomUUID } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  FailureTally,
  FlushFailedError,
  FlusherBase,
  compressionCodecs,
  createConverter,
  createLineFormatter,
  redact,
  retryPolicy,
  secretValues,
  type FlushRequest,
  type FlusherContext,
  type LineFormatter,
  type LogGroup,
} from '@logflush/core';
import type { OpenBatch } from './batches/batch.js';
import { MemoryBatch } from './batches/memory-batch.js';
import { StagedBatch } from './batches/staged-batch.js';
import { PartPool } from './part-pool.js';
import { configSchema, missingFieldValue, type FlusherS3Config } from './config.js';
import { KeyFormat } from './key-format.js';
import { linesByBatchKey } from './batch-keys.js';
import { contentType, formatExtension, objectHeaders } from './object-headers.js';
import { createS3Client } from './s3/client.js';
import { errorCode } from './s3/errors.js';
import { Limiter } from './s3/limiter.js';
import { S3RequestError, Uploader } from './s3/uploader.js';
import { uploadLeftovers } from './staging/leftovers.js';
import { uploadStaged } from './staging/staged-upload.js';
import { StagingDir, type StagedObject } from './staging/staging-dir.js';

export const flusherS3Type = 'flusher_s3';

/** Batch keys whose `{index}` counter is remembered; past this, counters of closed keys are dropped. */
const maxRememberedIndexes = 10_000;

/** Everything `init` creates. */
interface Running {
  client: S3Client;
  uploader: Uploader;
  staging: StagingDir | undefined;
}

/**
 * Batches logs into objects per rendered key and uploads them to S3: in memory, streamed as
 * multipart uploads while they fill, or staged on disk first when StagingDir is set. Failed
 * requests are retried; an object that still fails is counted, logged and reported by the next
 * `flush` (or `stop`), which rejects with a FlushFailedError. The lifecycle is FlusherBase's
 * (docs/design.md §9.1).
 */
export class S3Flusher extends FlusherBase<Running> {
  readonly #keyFormat: KeyFormat;
  readonly #formatLines: LineFormatter;
  readonly #fields = createConverter({ protocol: 'custom_single' });
  readonly #pool: PartPool;
  readonly #secrets: string[];
  readonly #batches = new Map<string, OpenBatch>();
  readonly #timers = new Map<OpenBatch, NodeJS.Timeout>();
  readonly #uploads = new Set<Promise<void>>();
  readonly #indexes = new Map<string, number>();
  /** Logs of objects that failed after their flush resolved, not yet reported. */
  readonly #unreported = new FailureTally();
  #serial: Promise<unknown> = Promise.resolve();

  constructor(readonly config: FlusherS3Config) {
    super(flusherS3Type, { maxBufferedBytes: config.MaxBufferedBytes });
    this.#keyFormat = new KeyFormat(config.KeyFormat, missingFieldValue);
    this.#formatLines = createLineFormatter(config);
    this.#pool = new PartPool(config.PartSize, config.UploadConcurrency + 1);
    this.#secrets = secretValues(configSchema, config);
  }

  /** The SDK client, once `init` resolved: for adding SDK middleware (tracing, metrics). */
  get client(): S3Client | undefined {
    return this.resources?.client;
  }

  protected async open(context: FlusherContext): Promise<Running> {
    const client = await createS3Client(this.config);
    const uploader = new Uploader({
      client,
      bucket: this.config.Bucket,
      retry: retryPolicy(this.config),
      limiter: new Limiter(this.config.UploadConcurrency),
      logger: context.logger,
      metrics: context.metrics,
      errorContext: {
        bucket: this.config.Bucket,
        endpoint: this.config.Endpoint,
        accessKeyId: this.config.AccessKeyId,
      },
      secrets: this.#secrets,
      signal: context.signal,
    });
    let staging: StagingDir | undefined;
    try {
      await this.#checkBucket(uploader, context);
      if (this.config.StagingDir !== '') {
        staging = new StagingDir(this.config.StagingDir);
        await staging.open();
      }
      const running: Running = { client, uploader, staging };
      if (staging) await this.#uploadLeftovers(running, staging);
      return running;
    } catch (error) {
      await staging?.close();
      client.destroy();
      throw new Error(`${flusherS3Type}: ${this.#redact((error as Error).message)}`, {
        cause: error,
      });
    }
  }

  description(): string {
    return `s3 flusher: uploads logs as ${this.config.Format} lines, ${this.config.Compression}-compressed, to bucket ${this.config.Bucket}`;
  }

  protected deliver(running: Running, request: FlushRequest): Promise<void> {
    return this.#exclusive(() => this.#flush(running, request.logGroups, request.events));
  }

  protected override onUrgent(flag: boolean): void {
    if (flag) void this.#exclusive(() => this.#closeAll());
  }

  /** Uploads every open object, waits for every upload, then releases the client and StagingDir. */
  protected async close(running: Running): Promise<void> {
    await this.#serial;
    this.#closeAll();
    while (this.#uploads.size > 0) await Promise.allSettled([...this.#uploads]);
    await running.staging?.close();
    running.client.destroy();
    if (this.#unreported.count > 0) {
      throw this.#unreported.take().toError(flusherS3Type, undefined, this.#keptNote(running));
    }
  }

  /**
   * Runs `task` after every flush and task before it: batches are opened, appended to and closed
   * by one task at a time, so a timer never closes an object in the middle of an append.
   */
  #exclusive<T>(task: () => T | Promise<T>): Promise<T> {
    const run = this.#serial.then(task);
    this.#serial = run.catch(() => {});
    return run;
  }

  async #flush(running: Running, groups: LogGroup[], events: number): Promise<void> {
    const { metrics } = this.context!;
    if (this.#unreported.count > 0) {
      // A rejected flush means "not accepted": this flush's logs are refused with the report.
      const failures = this.#unreported.take();
      failures.add('not accepted, as logs accepted earlier were not uploaded', events);
      metrics.add('failed_events', events);
      throw failures.toError(flusherS3Type, undefined, this.#keptNote(running));
    }
    let linesByKey: Map<string, string[]>;
    try {
      linesByKey = linesByBatchKey(groups, this.#formatLines, this.#keyFormat, this.#fields);
    } catch (error) {
      metrics.add('failed_events', events);
      throw new FlushFailedError(
        `${flusherS3Type}: cannot build the object key of ${events} logs: ${(error as Error).message}`,
        events,
        {
          cause: error,
        },
      );
    }
    const touched = new Set<OpenBatch>();
    try {
      for (const [batchKey, lines] of linesByKey)
        await this.#append(running, batchKey, lines, touched);
      await Promise.all([...touched].map((batch) => batch.sync()));
    } catch (error) {
      metrics.add('failed_events', events);
      throw new FlushFailedError(
        `${flusherS3Type}: accepting ${events} logs failed: ${this.#redact((error as Error).message)}`,
        events,
        {
          cause: error,
        },
      );
    }
    if (this.urgent) this.#closeAll();
    this.#relieve();
  }

  /** Appends lines to the batch of their key, closing and opening objects at MaxObjectBytes / MaxEvents. */
  async #append(
    running: Running,
    batchKey: string,
    lines: string[],
    touched: Set<OpenBatch>,
  ): Promise<void> {
    const { MaxObjectBytes: maxBytes, MaxEvents: maxEvents } = this.config;
    let start = 0;
    while (start < lines.length) {
      const batch = this.#batches.get(batchKey) ?? (await this.#open(running, batchKey));
      const roomEvents = maxEvents > 0 ? maxEvents - batch.events : Number.POSITIVE_INFINITY;
      const roomBytes = maxBytes - batch.bytes;
      let end = lines.length;
      let text: string | undefined;
      let bytes = 0;
      if (end - start <= roomEvents) {
        text = joinLines(lines, start, end);
        bytes = Buffer.byteLength(text);
        if (bytes > roomBytes) text = undefined;
      }
      if (text === undefined) {
        end = start;
        bytes = 0;
        while (end < lines.length && end - start < roomEvents) {
          const size = Buffer.byteLength(lines[end]!) + 1;
          // A line longer than MaxObjectBytes still gets an object of its own.
          if (bytes + size > roomBytes && (end > start || batch.events > 0)) break;
          bytes += size;
          end++;
        }
        if (end === start) {
          this.#close(batch);
          continue;
        }
        text = joinLines(lines, start, end);
      }
      await batch.append(text, bytes, end - start);
      touched.add(batch);
      this.context!.metrics.add('in_size_bytes', bytes);
      if (batch.bytes >= maxBytes || (maxEvents > 0 && batch.events >= maxEvents))
        this.#close(batch);
      start = end;
    }
  }

  async #open(running: Running, batchKey: string): Promise<OpenBatch> {
    const uuid = randomUUID();
    const compression = compressionCodecs[this.config.Compression];
    const objectKey = this.#keyFormat.objectKey(batchKey, {
      uuid,
      index: this.#nextIndex(batchKey),
      ext: formatExtension(this.config.Format) + compression.extension,
    });
    const batch: OpenBatch = running.staging
      ? await StagedBatch.open({
          batchKey,
          object: {
            id: uuid,
            meta: {
              version: 1,
              key: objectKey,
              compression: compression.name,
              contentType: contentType(this.config.Format),
              openedAt: Date.now(),
            },
          },
          staging: running.staging,
          gauge: this.buffer,
          upload: (object) => this.#uploadStaged(running, object),
        })
      : await MemoryBatch.open({
          batchKey,
          objectKey,
          uploader: running.uploader,
          headers: objectHeaders(this.config, compression.name),
          compression,
          pool: this.#pool,
          gauge: this.buffer,
        });
    this.#batches.set(batchKey, batch);
    this.#timers.set(
      batch,
      setTimeout(() => void this.#exclusive(() => this.#close(batch)), this.config.FlushInterval),
    );
    return batch;
  }

  #nextIndex(batchKey: string): number {
    const index = this.#indexes.get(batchKey) ?? 0;
    if (index === 0 && this.#indexes.size >= maxRememberedIndexes) {
      for (const key of this.#indexes.keys())
        if (!this.#batches.has(key)) this.#indexes.delete(key);
    }
    this.#indexes.set(batchKey, index + 1);
    return index;
  }

  /** No more logs go into `batch`: it is uploaded in the background. */
  #close(batch: OpenBatch): void {
    if (this.#batches.get(batch.batchKey) !== batch) return;
    this.#batches.delete(batch.batchKey);
    clearTimeout(this.#timers.get(batch));
    this.#timers.delete(batch);
    this.#track(this.#finish(batch));
  }

  /** Keeps an upload until it settled, for `stop` to wait for. */
  #track(upload: Promise<void>): void {
    this.#uploads.add(upload);
    void upload.finally(() => this.#uploads.delete(upload));
  }

  #closeAll(): void {
    for (const batch of [...this.#batches.values()]) this.#close(batch);
  }

  async #finish(batch: OpenBatch): Promise<void> {
    const { metrics, logger } = this.context!;
    try {
      await batch.finish();
      metrics.add('out_events', batch.events);
      metrics.add('out_objects', 1);
      metrics.add('total_delay_ms', Date.now() - batch.openedAt);
      logger.debug(`${flusherS3Type}: uploaded ${batch.objectKey} (${batch.events} logs)`);
    } catch (error) {
      this.#recordFailure(batch.objectKey, batch.events, error);
    } finally {
      void this.#exclusive(() => this.#relieve());
    }
  }

  #recordFailure(objectKey: string, events: number, error: unknown): void {
    const { metrics, logger } = this.context!;
    const reason = this.#redact(error instanceof Error ? error.message : String(error));
    metrics.add('failed_events', events);
    // The reason names the request and the object (`PutObject <key>: …`): what failed.
    this.#unreported.add(reason, events);
    const kept =
      this.config.StagingDir !== ''
        ? '; it stays in StagingDir and is uploaded at the next start'
        : '';
    logger.error(
      'FLUSHER_FLUSH_ALARM',
      `${flusherS3Type}: object ${objectKey} with ${events} logs could not be uploaded: ${reason}${kept}`,
    );
  }

  /**
   * At the buffer bound with nothing on its way to S3, nothing would ever free room: the biggest
   * open object is closed early.
   */
  #relieve(): void {
    if (!this.buffer.full || this.buffer.inFlight > 0) return;
    let biggest: OpenBatch | undefined;
    for (const batch of this.#batches.values())
      if (biggest === undefined || batch.bytes > biggest.bytes) biggest = batch;
    if (biggest !== undefined) this.#close(biggest);
  }

  #uploadStaged(running: Running, object: StagedObject): Promise<number> {
    const { logger } = this.context!;
    return uploadStaged(object, {
      uploader: running.uploader,
      staging: running.staging!,
      compression: compressionCodecs[object.meta.compression],
      headers: {
        ...objectHeaders(this.config, object.meta.compression),
        ContentType: object.meta.contentType,
      },
      pool: this.#pool,
      partsInFlight: this.config.UploadConcurrency,
      onIgnoredBytes: ({ ignoredBytes }) => {
        if (ignoredBytes === 0) return;
        logger.warn(
          'FLUSHER_FLUSH_ALARM',
          `${flusherS3Type}: ${object.meta.key}: ignored ${ignoredBytes} bytes at the end of its staged records (a flush interrupted by a crash, which had not resolved)`,
        );
      },
    });
  }

  /** Objects a crash left in StagingDir go first (see uploadLeftovers). */
  async #uploadLeftovers(running: Running, staging: StagingDir): Promise<void> {
    const context = this.context!;
    const uploads = await uploadLeftovers(staging, {
      uploader: running.uploader,
      gauge: this.buffer,
      upload: (object) => this.#uploadStaged(running, object),
      uploaded: (_object, events) => {
        context.metrics.add('out_events', events);
        context.metrics.add('out_objects', 1);
        context.metrics.add('recovered_events', events);
      },
      failed: (object, events, error) => this.#recordFailure(object.meta.key, events, error),
    });
    if (uploads.length > 0) {
      context.logger.info(
        `${flusherS3Type}: uploading ${uploads.length} objects left in StagingDir "${staging.dir}"`,
      );
    }
    for (const upload of uploads) this.#track(upload);
  }

  async #checkBucket(uploader: Uploader, context: FlusherContext): Promise<void> {
    try {
      await uploader.checkBucket();
    } catch (error) {
      // Write-only credentials may not list: that is no reason to refuse to start.
      if (error instanceof S3RequestError && errorCode(error.cause) === 'AccessDenied') {
        context.logger.warn(
          'FLUSHER_INIT_ALARM',
          `${flusherS3Type}: cannot check bucket "${this.config.Bucket}": ${error.message}`,
        );
        return;
      }
      throw error;
    }
  }

  /** With StagingDir, what a failed object's logs become. */
  #keptNote(running: Running): string {
    return running.staging ? 'they stay in StagingDir and are uploaded at the next start' : '';
  }

  #redact(text: string): string {
    return redact(text, this.#secrets);
  }

  /** The plugin's type and description (`defineFlusher(S3Flusher, configSchema)`). */
  static readonly type = flusherS3Type;
  static readonly description =
    'Uploads logs in batches as objects to S3 or an S3-compatible store, with staging, multipart upload and retries.';
}

function joinLines(lines: readonly string[], start: number, end: number): string {
  if (start === 0 && end === lines.length) return lines.join('\n') + '\n';
  return lines.slice(start, end).join('\n') + '\n';
}
