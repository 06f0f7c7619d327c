import {
  FlushFailedError,
  FlusherStoppedError,
  secretValues,
  type Flusher,
  type FlusherContext,
  type LogGroup,
} from '@logflush/core';
import kafkajs, { type Producer } from 'kafkajs';
import { BatchSender } from './batch-sender.js';
import { enableCompression } from './compression.js';
import { configSchema, type FlusherKafkaConfig } from './config.js';
import { connectWithin } from './connect.js';
import { DeliveryTracker, type DeliveryFailure } from './delivery-tracker.js';
import { kafkajsLogCreator, kafkajsLogLevel } from './kafkajs-logger.js';
import { MessageBuilder } from './message-builder.js';
import { createPartitioner } from './partitioner.js';
import { saslOptions } from './sasl-options.js';
import { SendQueue } from './send-queue.js';
import { tlsOptions } from './tls-options.js';

export const flusherKafkaType = 'flusher_kafka';

/** Whole milliseconds for kafkajs, at least 1. */
const wholeMs = (ms: number) => Math.max(1, Math.ceil(ms));

function failureMessage(
  failures: readonly DeliveryFailure[],
  failedLogs: number,
  totalLogs: number,
): string {
  const parts = failures.map(
    (failure) => `${failure.logs} to topic ${JSON.stringify(failure.topic)}: ${failure.reason}`,
  );
  return `${flusherKafkaType}: ${failedLogs} of ${totalLogs} logs not delivered: ${parts.join('; ')}`;
}

interface Connection {
  readonly context: FlusherContext;
  readonly producer: Producer;
  readonly queue: SendQueue;
}

/**
 * Sends one Kafka message per log (per group for jsonline). `flush` resolves once the broker has
 * acknowledged every message of the call per RequiredACKs, and rejects with a FlushFailedError
 * naming the count, topics and reasons of whatever could not be delivered.
 */
export class KafkaFlusher implements Flusher {
  readonly #messages: MessageBuilder;
  readonly #secrets: readonly string[];
  #connection: Connection | undefined;
  #stopped = false;
  #stopping: Promise<void> | undefined;
  #urgent = false;

  constructor(readonly config: FlusherKafkaConfig) {
    this.#messages = new MessageBuilder(config);
    this.#secrets = secretValues(configSchema, config);
  }

  async init(context: FlusherContext): Promise<void> {
    if (this.#connection !== undefined) throw new Error(`${flusherKafkaType}: init called twice`);
    const { config } = this;
    const compression = await enableCompression(config.Compression);
    const timeout = wholeMs(config.Timeout);
    const kafka = new kafkajs.Kafka({
      clientId: config.ClientID,
      brokers: [...config.Brokers],
      ssl: tlsOptions(config.Authentication.TLS),
      sasl: saslOptions(config.Authentication),
      connectionTimeout: timeout,
      authenticationTimeout: timeout,
      requestTimeout: timeout,
      // The flusher retries by itself (BatchSender, connectWithin): kafkajs's own retries would
      // give up at once while the cluster is unreachable anyway.
      retry: { retries: 0 },
      logLevel: kafkajsLogLevel,
      logCreator: kafkajsLogCreator(context.logger, this.#secrets),
    });
    const idempotent = config.Idempotent;
    const producer = kafka.producer({
      createPartitioner: createPartitioner(config.PartitionerType),
      idempotent,
      // An idempotent producer must allow kafkajs one retry of its own.
      retry: { retries: idempotent ? 1 : 0, initialRetryTime: 100, maxRetryTime: 100 },
      maxInFlightRequests: idempotent ? 1 : undefined,
      allowAutoTopicCreation: true,
    });
    await connectWithin(producer, {
      brokers: config.Brokers,
      timeoutMs: timeout,
      backoffInitMs: config.Backoff.Init,
      secrets: this.#secrets,
    });
    const sender = new BatchSender({
      producer,
      acks: config.RequiredACKs ?? (idempotent ? -1 : 1),
      brokerTimeoutMs: wholeMs(config.BrokerTimeout),
      compression,
      maxRetries: config.MaxRetries,
      backoffInitMs: config.Backoff.Init,
      backoffMaxMs: config.Backoff.Max,
      secrets: this.#secrets,
      logger: context.logger,
      metrics: context.metrics,
    });
    const queue = new SendQueue({
      maxBatchMessages: config.BulkMaxSize,
      maxBatchBytes: config.MaxMessageBytes,
      lingerMs: this.#urgent ? 0 : config.BulkFlushFrequency,
      // One batch at a time keeps an idempotent producer's retries in sequence order.
      maxInFlight: idempotent ? 1 : config.MaxOpenRequests,
      send: (batch) => sender.send(batch),
    });
    this.#connection = { context, producer, queue };
    if (this.#stopped) await this.#shutdown();
  }

  description(): string {
    return `kafka flusher: sends each log as a message to topic ${this.config.Topic} on ${this.config.Brokers.join(', ')}`;
  }

  isReady(_project: string, _logstore: string, _logstoreKey: bigint): boolean {
    const connection = this.#connection;
    if (this.#stopped || connection === undefined) return false;
    return connection.queue.bufferedBytes < this.config.MaxBufferedBytes;
  }

  async flush(
    _project: string,
    logstore: string,
    _configName: string,
    logGroups: LogGroup[],
  ): Promise<void> {
    if (this.#stopped) throw new FlusherStoppedError(flusherKafkaType);
    const connection = this.#connection;
    if (connection === undefined) throw new Error(`${flusherKafkaType}: flush called before init`);
    const { metrics } = connection.context;
    const started = Date.now();
    const totalLogs = logGroups.reduce((sum, group) => sum + group.Logs.length, 0);
    metrics.add('in_event_groups', logGroups.length);
    metrics.add('in_events', totalLogs);

    const built = this.#messages.build(logstore, logGroups);
    metrics.add('in_size_bytes', built.valueBytes);
    const tracker = new DeliveryTracker(built.messages.length);
    for (const rejection of built.rejections) {
      tracker.addFailure(rejection.topic, rejection.logs, rejection.reason);
    }
    connection.queue.push(built.messages.map((message) => ({ message, tracker })));
    await tracker.settled;

    metrics.add('out_events', tracker.deliveredLogs);
    metrics.add('total_delay_ms', Date.now() - started);
    const failedLogs = tracker.failedLogs;
    if (failedLogs > 0) {
      metrics.add('failed_events', failedLogs);
      throw new FlushFailedError(
        failureMessage(tracker.failures, failedLogs, totalLogs),
        failedLogs,
      );
    }
  }

  setUrgent(flag: boolean): void {
    this.#urgent = flag;
    this.#connection?.queue.setLinger(flag ? 0 : this.config.BulkFlushFrequency);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#stopping ??= this.#shutdown();
    await this.#stopping;
  }

  /** Sends everything accepted (with its retries), then closes the connections. */
  async #shutdown(): Promise<void> {
    const connection = this.#connection;
    if (connection === undefined) return;
    await connection.queue.drain();
    await connection.producer.disconnect();
  }
}
