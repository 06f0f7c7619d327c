import {
  FailureTally,
  FlushFailedError,
  FlusherBase,
  openBuffer,
  deadLetterNote,
  openDeadLetter,
  retryPolicy,
  secretValues,
  type DeadLetterFile,
  type LogBuffer,
  type FlusherContext,
  type FlushRequest,
} from '@logflush/core';
import { BatchSender } from './batch-sender.js';
import { BufferedDelivery } from './buffered-delivery.js';
import type { ClientSettings, KafkaClient } from './clients/client.js';
import { createKafkajsClient } from './clients/kafkajs-client.js';
import { createPlatformaticClient } from './clients/platformatic-client.js';
import { configSchema, type FlusherKafkaConfig } from './config.js';
import { connectWithin } from './connect.js';
import { DeliveryTracker } from './delivery-tracker.js';
import { MessageBuilder } from './message-builder.js';
import { createPartitioner } from './partitioner.js';
import { SendQueue } from './send-queue.js';

export const flusherKafkaType = 'flusher_kafka';

/** Whole milliseconds for kafkajs, at least 1. */
const wholeMs = (ms: number) => Math.max(1, Math.ceil(ms));

interface Connection {
  readonly client: KafkaClient;
  readonly queue: SendQueue;
  /** With `Buffer: {"Type": "disk"}`. */
  readonly buffered: BufferedDelivery | undefined;
  readonly deadLetter: DeadLetterFile | undefined;
}

/**
 * Sends one Kafka message per log (per group for jsonline). With the memory buffer (the default)
 * `flush` resolves once the broker has acknowledged every message of the call per RequiredACKs,
 * and rejects with a FlushFailedError naming the count, topics and reasons of whatever could not
 * be delivered. With `Buffer: {"Type": "disk"}` it resolves once its logs are fsynced in the
 * buffer, `init` does not wait for a broker, and delivery goes on in the background (see
 * BufferedDelivery). What can never be delivered goes to `DeadLetter.Path` when set. The lifecycle
 * is the kit's (docs/design.md §9.1).
 */
export class KafkaFlusher extends FlusherBase<Connection> {
  readonly #messages: MessageBuilder;
  readonly #secrets: readonly string[];
  /** With the disk buffer: logs given up on after their flush resolved, reported by `stop`. */
  readonly #unreported = new FailureTally();

  constructor(readonly config: FlusherKafkaConfig) {
    super(flusherKafkaType, { maxBufferedBytes: config.MaxBufferedBytes });
    this.#messages = new MessageBuilder(config);
    this.#secrets = secretValues(configSchema, config);
  }

  description(): string {
    return `kafka flusher: sends each log as a message to topic ${this.config.Topic} on ${this.config.Brokers.join(', ')}`;
  }

  protected async open(context: FlusherContext): Promise<Connection> {
    const { config } = this;
    const timeoutMs = wholeMs(config.Timeout);
    const idempotent = config.Idempotent;
    const settings: ClientSettings = {
      config,
      acks: config.RequiredACKs ?? (idempotent ? -1 : 1),
      timeoutMs,
      brokerTimeoutMs: wholeMs(config.BrokerTimeout),
      secrets: this.#secrets,
      logger: context.logger,
      metrics: context.metrics,
    };
    const deadLetter = await openDeadLetter(config.DeadLetter, {
      flusher: flusherKafkaType,
      logger: context.logger,
      metrics: context.metrics,
    });
    let buffer: LogBuffer | undefined;
    let client: KafkaClient;
    try {
      buffer =
        config.Buffer.Type === 'disk'
          ? await openBuffer(config.Buffer, { logger: context.logger, metrics: context.metrics })
          : undefined;
      client =
        config.Client === 'platformatic'
          ? await createPlatformaticClient(settings)
          : await createKafkajsClient(settings);
      // With a disk buffer, logs are accepted while no broker answers: the sender connects later.
      if (buffer === undefined) {
        await connectWithin(client, {
          brokers: config.Brokers,
          timeoutMs,
          backoffInitMs: config.Backoff.Init,
        });
      }
    } catch (error) {
      await buffer?.close();
      await deadLetter?.close();
      throw error;
    }
    // With a disk buffer, stop ends every wait between tries: what is not sent stays buffered.
    const stopping = new AbortController();
    const sender = new BatchSender({
      client,
      partitioner: createPartitioner(config.PartitionerType, config.HashFunction),
      retry: retryPolicy(config),
      logger: context.logger,
      metrics: context.metrics,
      signal: buffer === undefined ? undefined : stopping.signal,
    });
    const queue = new SendQueue({
      maxBatchMessages: config.BulkMaxSize,
      maxBatchBytes: config.MaxMessageBytes,
      lingerMs: this.#lingerMs(),
      // One batch at a time keeps an idempotent producer's retries in sequence order.
      maxInFlight: idempotent ? 1 : config.MaxOpenRequests,
      buffer: this.buffer,
      send: (batch) => sender.send(batch),
    });
    const buffered =
      buffer === undefined
        ? undefined
        : new BufferedDelivery({
            config,
            buffer,
            stopping,
            client,
            queue,
            messages: this.#messages,
            context,
            giveUp: async (tracker) => {
              const failures = await this.#giveUp(deadLetter, tracker, true);
              for (const { reason, logs } of failures.reasons) this.#unreported.add(reason, logs);
            },
          });
    buffered?.start();
    return { client, queue, buffered, deadLetter };
  }

  protected async deliver(connection: Connection, request: FlushRequest): Promise<void> {
    if (connection.buffered !== undefined) return this.#store(connection, request);
    const { metrics } = this.context!;
    const started = Date.now();
    const built = this.#messages.build(request.logstore, request.logGroups);
    metrics.add('in_size_bytes', built.valueBytes);
    const tracker = new DeliveryTracker(built.messages.length);
    for (const rejection of built.rejections) {
      tracker.addFailure(rejection.topic, rejection.logs, rejection.reason, rejection.source);
    }
    connection.queue.push(built.messages.map((message) => ({ message, tracker })));
    await tracker.settled;

    metrics.add('out_events', tracker.deliveredLogs);
    metrics.add('total_delay_ms', Date.now() - started);
    const failures = await this.#giveUp(connection.deadLetter, tracker);
    if (failures.count > 0) {
      throw failures.toError(flusherKafkaType, request.events, this.#deadLetterNote(connection));
    }
  }

  /** With the disk buffer: the flush resolves once its logs are stored. */
  async #store(connection: Connection, request: FlushRequest): Promise<void> {
    const { stored, oversized } = await connection.buffered!.store(request);
    const failures = new FailureTally();
    if (oversized.length > 0) {
      const tracker = new DeliveryTracker(0);
      for (const group of oversized) {
        tracker.addFailure(
          this.config.Topic,
          1,
          'a log larger than a segment of the disk buffer (Buffer.SegmentBytes); not sent',
          { group, logIndex: 0 },
        );
      }
      for (const { reason, logs } of (await this.#giveUp(connection.deadLetter, tracker)).reasons)
        failures.add(reason, logs);
    }
    if (stored === 'dropped') {
      // Already counted in dropped_events by the buffer.
      throw new FlushFailedError(
        `${flusherKafkaType}: ${request.events} logs dropped: the disk buffer is full (Buffer.WhenFull drop_newest)`,
        request.events,
      );
    }
    if (failures.count > 0) {
      throw failures.toError(flusherKafkaType, request.events, this.#deadLetterNote(connection));
    }
  }

  /**
   * What a tracker could not deliver, given up on: counted in failed_events and written to the
   * dead-letter file when there is one. `log`: also logged (when no rejected flush reports it).
   * Returns the failures.
   */
  async #giveUp(deadLetter: DeadLetterFile | undefined, tracker: DeliveryTracker, log = false) {
    const { failures } = tracker;
    if (failures.count === 0) return failures;
    const { metrics, logger } = this.context!;
    metrics.add('failed_events', failures.count);
    let kept = false;
    if (deadLetter !== undefined) {
      const written = await Promise.all(
        tracker.deadLetters().map((letters) => deadLetter.write(letters)),
      );
      kept = written.every(Boolean);
    }
    if (!log) return failures;
    logger.error(
      'FLUSHER_FLUSH_ALARM',
      `${flusherKafkaType}: ${failures.count} logs not delivered: ${failures.describe()}${kept ? `; written to the dead-letter file "${deadLetter!.path}"` : ''}`,
    );
    return failures;
  }

  #deadLetterNote(connection: Connection): string {
    return deadLetterNote(connection.deadLetter);
  }

  /**
   * Sends everything accepted (with its retries), then closes the connections. With the disk
   * buffer, what the broker does not take now stays in the buffer for the next start.
   */
  protected async close(connection: Connection): Promise<void> {
    const { buffered, deadLetter } = connection;
    if (buffered !== undefined) await buffered.finish();
    await connection.queue.drain();
    await connection.client.close();
    await deadLetter?.close();
    if (this.#unreported.count > 0) {
      throw this.#unreported
        .take()
        .toError(flusherKafkaType, undefined, this.#deadLetterNote(connection));
    }
  }

  /** With `Buffer: {"Type": "disk"}`: backlog() and isReady follow it (FlusherBase). */
  protected override diskBuffer(): LogBuffer | undefined {
    return this.resources?.buffered?.buffer;
  }

  /** A flush in progress waits for its messages, which may be lingering: stop sends them now. */
  protected override onStop(): void {
    this.resources?.queue.setLinger(this.#lingerMs());
  }

  /** setUrgent(true) sends what lingers at once; retries keep their backoff (see the README). */
  protected override onUrgent(): void {
    this.resources?.queue.setLinger(this.#lingerMs());
  }

  /** BulkFlushFrequency, or 0 once urgent or stopping. */
  #lingerMs(): number {
    return this.urgent || this.stopped ? 0 : this.config.BulkFlushFrequency;
  }

  /** The plugin's type and description (`defineFlusher(KafkaFlusher, configSchema)`). */
  static readonly type = flusherKafkaType;
  static readonly description =
    'Sends each log as a Kafka message (kafkajs or @platformatic/kafka), with iLogtail flusher_kafka_v2 options.';
}
