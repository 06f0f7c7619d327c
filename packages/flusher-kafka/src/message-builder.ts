import {
  compileFormatString,
  createConverter,
  FormatStringError,
  type FieldSource,
  type FormatString,
  type GroupFields,
  type LogConverter,
  type Log,
  type LogGroup,
} from '@logflush/core';
import type { FlusherKafkaConfig } from './config.js';
import { HashKeyMaker } from './hash-key.js';
import { batchOverhead, headersSize, recordSize } from './message-size.js';
import { topicNameProblem } from './topic-name.js';

/**
 * One Kafka message made from a log (or from a whole group, for jsonline), in no client's shape:
 * each client makes its own record from it. (The Headers are the flusher's, the same on every
 * message; each client holds them in its own form.)
 */
export interface OutgoingMessage {
  readonly topic: string;
  /** The key's UTF-8 bytes (only with the hash partitioner). */
  readonly key: Buffer | null;
  /** The body, as bytes: both clients handle a Buffer faster than a string. */
  readonly value: Buffer;
  /** Bytes in a record batch: value, key, headers and record overhead. */
  readonly size: number;
  /** Logs the message carries. */
  readonly logs: number;
  /**
   * Set by the flusher's partitioner when the message is first sent, and kept: a retried batch
   * must be the same batch, or an idempotent producer's sequence numbers no longer match what the
   * broker already wrote (OUT_OF_ORDER_SEQUENCE_NUMBER, or duplicates). Cleared only when the
   * partition no longer exists (UnknownPartitionError): nothing was written to it.
   */
  partition: number | undefined;
  /** Where it came from: the group, and the log's index (-1: the whole group, for jsonline). */
  readonly source: MessageSource;
}

/** The logs a message or rejection was made from (what a dead-letter file keeps). */
export interface MessageSource {
  readonly group: LogGroup;
  readonly logIndex: number;
}

/** The logs of `source`. */
export function sourceLogs(source: MessageSource): Log[] {
  return source.logIndex < 0 ? source.group.Logs : [source.group.Logs[source.logIndex]!];
}

/** Logs that cannot become a message; they fail without being sent or retried. */
export interface Rejection {
  /** The topic, or the Topic template when it could not be rendered. */
  readonly topic: string;
  readonly logs: number;
  readonly reason: string;
  readonly source: MessageSource;
}

export interface BuiltMessages {
  readonly messages: OutgoingMessage[];
  readonly rejections: Rejection[];
  /** Bytes of all message values. */
  readonly valueBytes: number;
}

/**
 * Turns LogGroups into Kafka messages: the body is exactly the core converter's output, the topic
 * is the rendered `Topic`, and with the hash partitioner the key comes from `HashKeys`.
 */
export class MessageBuilder {
  readonly #converter: LogConverter;
  readonly #topic: FormatString;
  readonly #hashKeys: HashKeyMaker | undefined;
  readonly #needsFields: boolean;
  readonly #headerBytes: number;
  readonly #maxMessageBytes: number;
  #checkedTopic = '';

  constructor(config: FlusherKafkaConfig) {
    this.#converter = createConverter({
      protocol: config.Convert.Protocol,
      encoding: config.Convert.Encoding,
      tagFieldsRename: config.Convert.TagFieldsRename,
      protocolFieldsRename: config.Convert.ProtocolFieldsRename,
    });
    this.#topic = compileFormatString(config.Topic, { mode: 'text' });
    this.#hashKeys =
      config.PartitionerType === 'hash'
        ? new HashKeyMaker(config.HashKeys, config.HashOnce)
        : undefined;
    this.#needsFields = this.#topic.fields.length > 0 || (this.#hashKeys?.readsFields ?? false);
    this.#headerBytes = headersSize(
      config.Headers.map(({ Key, Value }) => ({ key: Key, value: Value })),
    );
    this.#maxMessageBytes = config.MaxMessageBytes;
  }

  build(logstore: string, groups: readonly LogGroup[]): BuiltMessages {
    const built = {
      messages: [] as OutgoingMessage[],
      rejections: [] as Rejection[],
      valueBytes: 0,
    };
    for (const group of groups) {
      const bodies = this.#converter.convertGroup(group);
      if (bodies.length === 0) continue;
      const fields = this.#needsFields ? this.#converter.groupFields(group) : undefined;
      if (this.#converter.protocol === 'jsonline') {
        // One message per group: its topic and key come from the group's first log.
        this.#add(built, bodies[0]!, group, 0, fields, group.Logs.length, logstore);
      } else {
        for (let i = 0; i < bodies.length; i++) {
          this.#add(built, bodies[i]!, group, i, fields, 1, logstore);
        }
      }
    }
    return built;
  }

  #add(
    built: { messages: OutgoingMessage[]; rejections: Rejection[]; valueBytes: number },
    body: string,
    group: LogGroup,
    logIndex: number,
    groupFields: GroupFields | undefined,
    logs: number,
    logstore: string,
  ): void {
    const log = group.Logs[logIndex]!;
    const source: MessageSource = { group, logIndex: logs === 1 ? logIndex : -1 };
    const fields: FieldSource | undefined = groupFields?.of(log);
    let topic: string;
    try {
      topic = this.#topic.render(fields, log.Time);
    } catch (error) {
      if (!(error instanceof FormatStringError)) throw error;
      built.rejections.push({ topic: this.#topic.template, logs, reason: error.message, source });
      return;
    }
    if (topic !== this.#checkedTopic) {
      const problem = topicNameProblem(topic);
      if (problem !== undefined) {
        built.rejections.push({
          topic,
          logs,
          reason: `the topic name ${problem} (rendered from Topic ${JSON.stringify(this.#topic.template)})`,
          source,
        });
        return;
      }
      this.#checkedTopic = topic;
    }
    const keyText = this.#hashKeys?.key(fields, logstore);
    const key = keyText === undefined ? null : Buffer.from(keyText, 'utf8');
    const value = Buffer.from(body, 'utf8');
    const size = recordSize(value.length, keyText, this.#headerBytes);
    if (size + batchOverhead > this.#maxMessageBytes) {
      built.rejections.push({
        topic,
        logs,
        reason: `a message of ${size + batchOverhead} bytes (value, key, headers and batch overhead) is over MaxMessageBytes ${this.#maxMessageBytes}; not retried`,
        source,
      });
      return;
    }
    built.valueBytes += value.length;
    // `partition` is set by the partitioner on first send; declaring it keeps one object shape.
    built.messages.push({ topic, key, value, size, logs, partition: undefined, source });
  }
}
