import type { S3Client } from '@aws-sdk/client-s3';
import {
  FailureTally,
  FlushFailedError,
  FlusherBase,
  createConverter,
  createLineFormatter,
  openBuffer,
  deadLetterNote,
  openDeadLetter,
  redact,
  retryPolicy,
  secretValues,
  type DeadLetterFile,
  type FlushRequest,
  type FlusherContext,
  type LineFormatter,
  type Log,
  type LogBuffer,
  type LogGroup,
  type RetryPolicy,
} from '@logflush/core';
import { linesByBatchKey, type KeyedLines } from './batch-keys.js';
import type { MemoryBatch } from './batches/memory-batch.js';
import { BufferedDelivery } from './buffered-delivery.js';
import { configSchema, missingFieldValue, type FlusherS3Config } from './config.js';
import { KeyFormat } from './key-format.js';
import { ObjectBatcher } from './object-batcher.js';
import { PartPool } from './part-pool.js';
import type { Piece, PieceOutcome } from './pieces.js';
import { createS3Client } from './s3/client.js';
import { errorCode, failedForGood } from './s3/errors.js';
import { Limiter } from './s3/limiter.js';
import { S3RequestError, Uploader } from './s3/uploader.js';

export const flusherS3Type = 'flusher_s3';

/** Everything `init` creates. */
interface Running {
  readonly client: S3Client;
  readonly batcher: ObjectBatcher;
  /** With `Buffer: {"Type": "disk"}`. */
  readonly buffered: BufferedDelivery | undefined;
  readonly deadLetter: DeadLetterFile | undefined;
  /** Aborted at stop: with the disk buffer, failed requests are then not retried. */
  readonly stopping: AbortController;
}

/**
 * Batches logs into objects per rendered key and uploads them to S3, streamed as multipart
 * uploads while they fill. With the memory buffer (the default) failed requests are retried; an
 * object that still fails is counted, logged and reported by the next `flush` (or `stop`), which
 * rejects with a FlushFailedError. With `Buffer: {"Type": "disk"}`, `flush` resolves once its logs
 * are fsynced in the buffer, `init` does not need S3 to answer, and objects are built from the
 * buffer and retried while the flusher runs (see BufferedDelivery). What can never be uploaded
 * goes to `DeadLetter.Path` when set. The lifecycle is FlusherBase's (docs/design.md §9.1).
 */
export class S3Flusher extends FlusherBase<Running> {
  readonly #keyFormat: KeyFormat;
  readonly #formatLines: LineFormatter;
  readonly #fields = createConverter({ protocol: 'custom_single' });
  readonly #pool: PartPool;
  readonly #secrets: string[];
  /** Logs of objects that failed after their flush resolved, not yet reported. */
  readonly #unreported = new FailureTally();

  constructor(readonly config: FlusherS3Config) {
    // With the disk buffer, isReady follows the buffer's bound (Buffer.MaxBytes) instead.
    super(flusherS3Type, {
      maxBufferedBytes: config.Buffer.Type === 'disk' ? undefined : config.MaxBufferedBytes,
    });
    this.#keyFormat = new KeyFormat(config.KeyFormat, missingFieldValue);
    this.#formatLines = createLineFormatter(config);
    this.#pool = new PartPool(config.PartSize, config.UploadConcurrency + 1);
    this.#secrets = secretValues(configSchema, config);
  }

  /** The SDK client, once `init` resolved: for adding SDK middleware (tracing, metrics). */
  get client(): S3Client | undefined {
    return this.resources?.client;
  }

  description(): string {
    return `s3 flusher: uploads logs as ${this.config.Format} lines, ${this.config.Compression}-compressed, to bucket ${this.config.Bucket}`;
  }

  protected async open(context: FlusherContext): Promise<Running> {
    const { config } = this;
    const disk = config.Buffer.Type === 'disk';
    const stopping = new AbortController();
    let deadLetter: DeadLetterFile | undefined;
    let buffer: LogBuffer | undefined;
    let client: S3Client | undefined;
    try {
      deadLetter = await openDeadLetter(config.DeadLetter, {
        flusher: flusherS3Type,
        logger: context.logger,
        metrics: context.metrics,
      });
      if (disk) buffer = await openBuffer(config.Buffer, context);
      client = await createS3Client(config);
      const signal = disk ? AbortSignal.any([context.signal, stopping.signal]) : context.signal;
      const policy = retryPolicy(config);
      const uploader = this.#uploader(client, policy, signal, context);
      // With the disk buffer S3 need not answer now: one try, and a failure is only a warning.
      await this.#checkBucket(
        disk ? this.#uploader(client, { ...policy, maxRetries: 0 }, signal, context) : uploader,
        context,
        disk,
      );
      let buffered: BufferedDelivery | undefined;
      const batcher = new ObjectBatcher({
        config,
        keyFormat: this.#keyFormat,
        uploader,
        pool: this.#pool,
        gauge: this.buffer,
        metrics: context.metrics,
        keep: { lines: disk, logs: disk || deadLetter !== undefined },
        stuck: () => buffered?.stuck ?? (this.buffer.full && this.buffer.inFlight === 0),
        settled: (object, pieces, error) =>
          this.#settled({ object, pieces, error, deadLetter, disk }),
      });
      if (buffer !== undefined) {
        buffered = new BufferedDelivery({
          config,
          buffer,
          batcher,
          context,
          linesOf: (groups) => this.#linesOf(groups),
          closeAtOnce: () => this.urgent,
          stopping: stopping.signal,
        });
        buffered.start();
      }
      return { client, batcher, buffered, deadLetter, stopping };
    } catch (error) {
      client?.destroy();
      await buffer?.close();
      await deadLetter?.close();
      throw new Error(`${flusherS3Type}: ${this.#redact((error as Error).message)}`, {
        cause: error,
      });
    }
  }

  protected deliver(running: Running, request: FlushRequest): Promise<void> {
    if (running.buffered !== undefined) return this.#store(running, running.buffered, request);
    return running.batcher.exclusive(() => this.#flush(running, request.logGroups, request.events));
  }

  protected override onUrgent(flag: boolean): void {
    const batcher = this.resources?.batcher;
    if (flag && batcher !== undefined) void batcher.exclusive(() => batcher.closeAll());
  }

  /**
   * Uploads every open object and waits for every upload, then releases the client. With the
   * disk buffer, what S3 does not take now stays in the buffer for the next start.
   */
  protected async close(running: Running): Promise<void> {
    const { batcher, buffered, deadLetter } = running;
    if (buffered !== undefined) {
      const finished = buffered.finish();
      running.stopping.abort();
      await finished;
    }
    await batcher.exclusive(() => batcher.closeAll());
    await batcher.settle();
    await deadLetter?.close();
    running.client.destroy();
    if (this.#unreported.count > 0) {
      throw this.#unreported
        .take()
        .toError(flusherS3Type, undefined, this.#deadLetterNote(running));
    }
  }

  /** With `Buffer: {"Type": "disk"}`: backlog() and isReady follow it (FlusherBase). */
  protected override diskBuffer(): LogBuffer | undefined {
    return this.resources?.buffered?.buffer;
  }

  async #flush(running: Running, groups: LogGroup[], events: number): Promise<void> {
    const { metrics } = this.context!;
    if (this.#unreported.count > 0) {
      // A rejected flush means "not accepted": this flush's logs are refused with the report.
      const failures = this.#unreported.take();
      failures.add('not accepted, as logs accepted earlier were not uploaded', events);
      metrics.add('failed_events', events);
      throw failures.toError(flusherS3Type, undefined, this.#deadLetterNote(running));
    }
    let linesByKey: Map<string, KeyedLines>;
    try {
      linesByKey = this.#linesOf(groups);
    } catch (error) {
      metrics.add('failed_events', events);
      throw new FlushFailedError(
        `${flusherS3Type}: cannot build the object key of ${events} logs: ${(error as Error).message}`,
        events,
        { cause: error },
      );
    }
    try {
      await running.batcher.append(linesByKey);
    } catch (error) {
      metrics.add('failed_events', events);
      throw new FlushFailedError(
        `${flusherS3Type}: accepting ${events} logs failed: ${this.#redact((error as Error).message)}`,
        events,
        { cause: error },
      );
    }
    if (this.urgent) running.batcher.closeAll();
    running.batcher.relieve();
  }

  /** With the disk buffer: the flush resolves once its logs are stored. */
  async #store(running: Running, buffered: BufferedDelivery, request: FlushRequest): Promise<void> {
    const { metrics } = this.context!;
    let result: Awaited<ReturnType<BufferedDelivery['store']>>;
    try {
      result = await buffered.store(request);
    } catch (error) {
      metrics.add('failed_events', request.events);
      throw new FlushFailedError(
        `${flusherS3Type}: storing ${request.events} logs in the disk buffer failed: ${(error as Error).message}`,
        request.events,
        { cause: error },
      );
    }
    const failures = new FailureTally();
    const oversized = result.oversized.flatMap((group) => group.Logs);
    if (oversized.length > 0) {
      const reason =
        'a log larger than a segment of the disk buffer (Buffer.SegmentBytes); not uploaded';
      metrics.add('failed_events', oversized.length);
      failures.add(reason, oversized.length);
      await running.deadLetter?.write({
        logs: oversized,
        reason,
        destination: `s3://${this.config.Bucket}`,
      });
    }
    if (result.stored === 'dropped') {
      // Already counted in dropped_events by the buffer.
      throw new FlushFailedError(
        `${flusherS3Type}: ${request.events} logs dropped: the disk buffer is full (Buffer.WhenFull drop_newest)`,
        request.events,
      );
    }
    if (failures.count > 0) {
      throw failures.toError(flusherS3Type, request.events, this.#deadLetterNote(running));
    }
  }

  #linesOf(groups: LogGroup[]): Map<string, KeyedLines> {
    return linesByBatchKey(groups, this.#formatLines, this.#keyFormat, this.#fields);
  }

  /**
   * An object's upload ended. Uploaded: counted. Failed with the disk buffer and an error a retry
   * may fix: its pieces are appended again. Otherwise given up on: counted in failed_events,
   * logged, reported later, and its logs written to the dead-letter file.
   */
  async #settled(outcome: {
    object: MemoryBatch;
    pieces: Piece[];
    error: Error | undefined;
    deadLetter: DeadLetterFile | undefined;
    disk: boolean;
  }): Promise<void> {
    const { object, pieces, error, deadLetter, disk } = outcome;
    const { metrics, logger } = this.context!;
    const settle = (result: PieceOutcome) => {
      for (const piece of pieces) piece.tracker?.settled(piece, result);
    };
    if (error === undefined) {
      metrics.add('out_events', object.events);
      metrics.add('out_objects', 1);
      metrics.add('total_delay_ms', Date.now() - object.openedAt);
      logger.debug(`${flusherS3Type}: uploaded ${object.objectKey} (${object.events} logs)`);
      settle('uploaded');
      return;
    }
    const reason = this.#redact(error.message);
    const what = `${flusherS3Type}: object ${object.objectKey} with ${object.events} logs could not be uploaded: ${reason}`;
    if (disk && !failedForGood(error)) {
      logger.warn('FLUSHER_FLUSH_ALARM', `${what}; its logs stay in the disk buffer`);
      settle('retry');
      return;
    }
    metrics.add('failed_events', object.events);
    // The reason names the request and the object (`PutObject <key>: …`): what failed.
    this.#unreported.add(reason, object.events);
    const logs: Log[] = [];
    for (const piece of pieces) for (const log of piece.logs ?? []) logs.push(log);
    const kept =
      deadLetter !== undefined &&
      (await deadLetter.write({
        logs,
        reason,
        destination: `s3://${this.config.Bucket}/${object.objectKey}`,
      }));
    logger.error(
      'FLUSHER_FLUSH_ALARM',
      kept ? `${what}; written to the dead-letter file "${deadLetter.path}"` : what,
    );
    settle('given up');
  }

  #uploader(
    client: S3Client,
    retry: RetryPolicy,
    signal: AbortSignal,
    context: FlusherContext,
  ): Uploader {
    return new Uploader({
      client,
      bucket: this.config.Bucket,
      retry,
      limiter: new Limiter(this.config.UploadConcurrency),
      logger: context.logger,
      metrics: context.metrics,
      errorContext: {
        bucket: this.config.Bucket,
        endpoint: this.config.Endpoint,
        accessKeyId: this.config.AccessKeyId,
      },
      secrets: this.#secrets,
      signal,
    });
  }

  async #checkBucket(uploader: Uploader, context: FlusherContext, disk: boolean): Promise<void> {
    try {
      await uploader.checkBucket();
    } catch (error) {
      // Write-only credentials may not list: that is no reason to refuse to start.
      const accessDenied =
        error instanceof S3RequestError && errorCode(error.cause) === 'AccessDenied';
      if (!accessDenied && !disk) throw error;
      const message = this.#redact((error as Error).message);
      context.logger.warn(
        'FLUSHER_INIT_ALARM',
        accessDenied
          ? `${flusherS3Type}: cannot check bucket "${this.config.Bucket}": ${message}`
          : `${flusherS3Type}: cannot check bucket "${this.config.Bucket}": ${message}; logs are kept in the disk buffer until S3 takes them`,
      );
    }
  }

  #deadLetterNote(running: Running): string {
    return deadLetterNote(running.deadLetter, 'the logs of objects that could not be uploaded');
  }

  #redact(text: string): string {
    return redact(text, this.#secrets);
  }

  /** The plugin's type and description (`defineFlusher(S3Flusher, configSchema)`). */
  static readonly type = flusherS3Type;
  static readonly description =
    'Uploads logs in batches as objects to S3 or an S3-compatible store, with multipart upload, retries, a disk buffer and a dead-letter file.';
}
