import { setTimeout as sleep } from 'node:timers/promises';
import {
  BufferDrain,
  bufferFrameHeaderBytes,
  backoffDelay,
  segmentBytesOf,
  groupRecords,
  recordGroup,
  type BufferBatch,
  type FlushRequest,
  type FlusherContext,
  type LogBuffer,
  type LogGroup,
} from '@logflush/core';
import type { KafkaClient } from './clients/client.js';
import type { FlusherKafkaConfig } from './config.js';
import { DeliveryTracker } from './delivery-tracker.js';
import type { MessageBuilder, OutgoingMessage } from './message-builder.js';
import type { SendQueue } from './send-queue.js';

export interface BufferedDeliveryOptions {
  readonly config: FlusherKafkaConfig;
  readonly buffer: LogBuffer;
  /**
   * Aborted by `finish`: the waits between tries end (here, and the batch sender's between
   * retries), so that stop does not wait up to Backoff.Max while the broker is away.
   */
  readonly stopping: AbortController;
  readonly client: KafkaClient;
  readonly queue: SendQueue;
  readonly messages: MessageBuilder;
  readonly context: FlusherContext;
  /** Gives up for good on what a delivery could not send: dead letter, counts, the report. */
  readonly giveUp: (tracker: DeliveryTracker) => Promise<void>;
}

/**
 * flusher_kafka with `Buffer: {"Type": "disk"}`: `flush` stores its logs in the buffer (one
 * record per LogGroup, split when larger than a segment) and resolves once they are fsynced; a
 * drain reads them back in order, sends them through the send queue, and acknowledges a batch
 * once each of its messages was acknowledged or given up on (dead letter). Retries used up on an
 * error that may pass (the broker away) are not a reason to give up: such messages are sent again
 * after Backoff.Max, as long as the flusher runs; at stop they stay in the buffer.
 */
export class BufferedDelivery {
  readonly #options: BufferedDeliveryOptions;
  readonly #drain: BufferDrain;
  #connected: Promise<boolean> | undefined;

  constructor(options: BufferedDeliveryOptions) {
    this.#options = options;
    const { config, buffer } = options;
    this.#drain = new BufferDrain({
      buffer,
      // A read is about one produce request; groups of many logs make it larger, which is fine.
      limits: { maxRecords: config.BulkMaxSize, maxBytes: config.MaxMessageBytes },
      maxInFlight: config.Idempotent ? 1 : config.MaxOpenRequests,
      deliver: (batch, finishing) => this.#deliver(batch, finishing),
    });
  }

  start(): void {
    const { buffer, context } = this.#options;
    const { recovered } = buffer;
    if (recovered.records > 0) {
      context.logger.info(
        `flusher_kafka: delivering ${recovered.logs} logs left in the disk buffer by an earlier run`,
      );
      context.metrics.add('recovered_events', recovered.logs);
    }
    this.#drain.start();
  }

  /** Stores a flush's logs; resolves 'stored' once durable, 'dropped' when the buffer was full. */
  async store(
    request: FlushRequest,
  ): Promise<{ stored: 'stored' | 'dropped'; oversized: LogGroup[] }> {
    const { buffer } = this.#options;
    const { records, oversized } = groupRecords(
      request.logstore,
      request.logGroups,
      this.#segmentBytes() - bufferFrameHeaderBytes,
    );
    const stored = records.length === 0 ? 'stored' : await buffer.append(records);
    return { stored, oversized };
  }

  /** The disk buffer it delivers from. */
  get buffer(): LogBuffer {
    return this.#options.buffer;
  }

  /** Sends what is stored (unless the broker keeps failing), then closes the buffer. */
  async finish(): Promise<void> {
    // The drain is finishing from here on, so a delivery woken from its wait gives up.
    const finished = this.#drain.finish();
    this.#options.stopping.abort();
    await finished;
    const { logs } = this.#options.buffer.backlog;
    if (logs > 0) {
      this.#options.context.logger.warn(
        'FLUSHER_FLUSH_ALARM',
        `flusher_kafka: ${logs} logs stay in the disk buffer "${this.#options.config.Buffer.Path}"; they are delivered at its next start`,
      );
    }
  }

  #segmentBytes(): number {
    return segmentBytesOf(this.#options.config.Buffer);
  }

  async #deliver(batch: BufferBatch, finishing: () => boolean): Promise<boolean> {
    if (!(await this.#connect(finishing))) return false;
    const { queue, messages, context, giveUp } = this.#options;
    const rejected = new DeliveryTracker(0);
    let sending: OutgoingMessage[] = [];
    const trackers: DeliveryTracker[] = [rejected];
    for (const record of batch.records) {
      const { logstore, group } = recordGroup(record);
      const built = messages.build(logstore, [group]);
      context.metrics.add('in_size_bytes', built.valueBytes);
      for (const rejection of built.rejections)
        rejected.addFailure(rejection.topic, rejection.logs, rejection.reason, rejection.source);
      sending.push(...built.messages);
    }
    for (let round = 1; ; round++) {
      const sent = new DeliveryTracker(sending.length, true);
      queue.push(sending.map((message) => ({ message, tracker: sent })));
      await sent.settled;
      context.metrics.add('out_events', sent.deliveredLogs);
      const again = sent.retryable;
      trackers.push(sent);
      if (again.length === 0) break;
      if (finishing()) return false;
      const waitMs = backoffDelay(round, {
        initMs: this.#options.config.Backoff.Max,
        maxMs: this.#options.config.Backoff.Max,
      });
      context.logger.warn(
        'FLUSHER_FLUSH_ALARM',
        `flusher_kafka: ${again.length} buffered messages still not sent after their retries; they stay in the disk buffer and are sent again in ${Math.round(waitMs)} ms`,
      );
      if (!(await this.#wait(waitMs))) return false;
      sending = [...again];
    }
    for (const done of trackers) await giveUp(done);
    return true;
  }

  /** Connects once (the client reconnects by itself afterwards), trying until it works or the flusher stops. */
  #connect(finishing: () => boolean): Promise<boolean> {
    this.#connected ??= this.#connectEventually(finishing).then((connected) => {
      if (!connected) this.#connected = undefined;
      return connected;
    });
    return this.#connected;
  }

  async #connectEventually(finishing: () => boolean): Promise<boolean> {
    const { client, config, context } = this.#options;
    for (let attempt = 1; ; attempt++) {
      try {
        await client.connectOnce();
        if (attempt > 1)
          context.logger.info(`flusher_kafka: connected to ${config.Brokers.join(', ')}`);
        return true;
      } catch (error) {
        if (finishing()) return false;
        const waitMs = backoffDelay(attempt, {
          initMs: config.Backoff.Init,
          maxMs: config.Backoff.Max,
        });
        context.logger.warn(
          'FLUSHER_FLUSH_ALARM',
          `flusher_kafka: cannot connect to ${config.Brokers.join(', ')}: ${client.describe(error).reason}; logs wait in the disk buffer; trying again in ${Math.round(waitMs)} ms`,
        );
        if (!(await this.#wait(waitMs))) return false;
      }
    }
  }

  /** Waits `ms`; false when stop came first. */
  async #wait(ms: number): Promise<boolean> {
    try {
      await sleep(ms, undefined, { signal: this.#options.stopping.signal });
      return true;
    } catch {
      return false;
    }
  }
}
