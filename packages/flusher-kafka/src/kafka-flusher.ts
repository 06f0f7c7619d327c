import {
  FlusherBase,
  retryPolicy,
  secretValues,
  type FlusherContext,
  type FlushRequest,
} from '@logflush/core';
import { BatchSender } from './batch-sender.js';
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
}

/**
 * Sends one Kafka message per log (per group for jsonline). `flush` resolves once the broker has
 * acknowledged every message of the call per RequiredACKs, and rejects with a FlushFailedError
 * naming the count, topics and reasons of whatever could not be delivered. The lifecycle is the
 * kit's (docs/design.md §9.1).
 */
export class KafkaFlusher extends FlusherBase<Connection> {
  readonly #messages: MessageBuilder;
  readonly #secrets: readonly string[];

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
    const client =
      config.Client === 'platformatic'
        ? await createPlatformaticClient(settings)
        : await createKafkajsClient(settings);
    await connectWithin(client, {
      brokers: config.Brokers,
      timeoutMs,
      backoffInitMs: config.Backoff.Init,
    });
    const sender = new BatchSender({
      client,
      partitioner: createPartitioner(config.PartitionerType, config.HashFunction),
      retry: retryPolicy(config),
      logger: context.logger,
      metrics: context.metrics,
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
    return { client, queue };
  }

  protected async deliver(connection: Connection, request: FlushRequest): Promise<void> {
    const { metrics } = this.context!;
    const started = Date.now();
    const built = this.#messages.build(request.logstore, request.logGroups);
    metrics.add('in_size_bytes', built.valueBytes);
    const tracker = new DeliveryTracker(built.messages.length);
    for (const rejection of built.rejections) {
      tracker.addFailure(rejection.topic, rejection.logs, rejection.reason);
    }
    connection.queue.push(built.messages.map((message) => ({ message, tracker })));
    await tracker.settled;

    metrics.add('out_events', tracker.deliveredLogs);
    metrics.add('total_delay_ms', Date.now() - started);
    const { failures } = tracker;
    if (failures.count > 0) {
      metrics.add('failed_events', failures.count);
      throw failures.toError(flusherKafkaType, request.events);
    }
  }

  /** Sends everything accepted (with its retries), then closes the connections. */
  protected async close(connection: Connection): Promise<void> {
    await connection.queue.drain();
    await connection.client.close();
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
