import { DeliveryError, redact } from '@logflush/core';
import { certificateCodes, deliveryError, UnknownPartitionError } from '../kafka-error.js';
import { tlsOptions } from '../tls-options.js';
import { platformaticPackage, platformaticProblem } from './availability.js';
import type {
  ClientSettings,
  KafkaClient,
  PartitionBatch,
  PartitionInfo,
  PartitionOutcome,
} from './client.js';

/** The parts of @platformatic/kafka's Producer the flusher uses (typed here: the peer is optional). */
interface PlatformaticProducer {
  metadata(options: {
    topics: string[];
    autocreateTopics?: boolean;
    forceUpdate?: boolean;
  }): Promise<{ topics: Map<string, { partitions: { leader: number }[] }> }>;
  send(options: { messages: PlatformaticMessage[] }): Promise<unknown>;
  clearMetadata(): void;
  close(force?: boolean): Promise<void>;
}

interface PlatformaticMessage {
  topic: string;
  partition: number;
  key: Buffer | undefined;
  value: Buffer;
  headers: Map<Buffer, Buffer> | undefined;
}

interface PlatformaticModule {
  Producer: new (options: Record<string, unknown>) => PlatformaticProducer;
}

/** An error of @platformatic/kafka: GenericError, MultipleErrors (AggregateError) and their kinds. */
interface PlatformaticErrorShape {
  message?: string;
  code?: string;
  canRetry?: boolean;
  closed?: boolean;
  apiId?: string;
  path?: string;
  errors?: unknown[];
  cause?: unknown;
  response?: {
    responses?: { name: string; partitionResponses: { index: number; errorCode: number }[] }[];
  };
  produced?: { offsets?: { topic: string; partition: number }[] };
}

const shape = (error: unknown) => (error ?? {}) as PlatformaticErrorShape;

/** Every error in the tree: MultipleErrors' `errors` and each one's `cause`. */
function* errorTree(error: unknown, depth = 0): Generator<PlatformaticErrorShape> {
  if (error === null || typeof error !== 'object' || depth > 8) return;
  const current = shape(error);
  yield current;
  for (const inner of current.errors ?? []) yield* errorTree(inner, depth + 1);
  if (current.cause !== undefined) yield* errorTree(current.cause, depth + 1);
}

const className = (error: unknown) =>
  (error as { constructor?: { name?: string } }).constructor?.name ?? 'Error';

/**
 * The error that says what happened: below the "failed N times" and "Producing messages failed"
 * wrappers, the first protocol, network or authentication error.
 */
function rootError(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 8; depth++) {
    const inner = shape(current).errors?.find((item) => item !== undefined && item !== null);
    if (inner === undefined) break;
    current = inner;
  }
  return current;
}

/** Classifies an error of @platformatic/kafka as the kafkajs classifier does (kafka-error.ts). */
export function describePlatformaticError(
  error: unknown,
  secrets: readonly string[],
): { transient: boolean; reason: string } {
  const root = rootError(error);
  const rootShape = shape(root);
  const message = (rootShape.message ?? String(root)).replace(/\.$/, '');
  let reason = `${className(root)}: ${message}`;
  if (rootShape.apiId !== undefined && !reason.includes(rootShape.apiId))
    reason += ` (${rootShape.apiId})`;
  const cause = rootShape.cause as { message?: string } | undefined;
  if (cause?.message !== undefined && !reason.includes(cause.message))
    reason += `: ${cause.message.replace(/\.$/, '')}`;
  let transient = true;
  for (const item of errorTree(error)) {
    const nodeCode = (item as { code?: string }).code;
    // UNKNOWN_TOPIC_OR_PARTITION in metadata becomes "Unknown topic t." (a UserError): as for
    // kafkajs, a topic being created is worth retrying.
    const unknownTopic = item.code === 'PLT_KFK_USER' && /^Unknown topic /.test(item.message ?? '');
    if (item.code === 'PLT_KFK_AUTHENTICATION' || (item.code === 'PLT_KFK_USER' && !unknownTopic))
      transient = false;
    if (nodeCode !== undefined && certificateCodes.has(nodeCode)) transient = false;
    if (item.code === 'PLT_KFK_PROTOCOL' && item.canRetry === false) transient = false;
    if (item.code === 'PLT_KFK_NETWORK' && item.closed === true) transient = false;
    if (item.code === 'PLT_KFK_UNSUPPORTED_COMPRESSION') transient = false;
  }
  if (error instanceof TypeError || error instanceof RangeError) transient = false;
  return { transient, reason: redact(reason, secrets) };
}

/** Loads @platformatic/kafka, or fails init saying why it cannot (the config check says so first). */
async function loadPlatformatic(): Promise<PlatformaticModule> {
  const problem = platformaticProblem();
  if (problem !== undefined) throw new Error(`flusher_kafka: Client "platformatic": ${problem}`);
  return (await import(platformaticPackage)) as PlatformaticModule;
}

const partitionKey = (topic: string, partition: number) => `${partition}:${topic}`;

/**
 * flusher_kafka over @platformatic/kafka. One `send` carries every partition's batch (one
 * request per leader); a produce response with errors is a ResponseError that still holds every
 * partition's answer, so each batch's outcome is its partition's.
 */
export async function createPlatformaticClient(settings: ClientSettings): Promise<KafkaClient> {
  const { config, secrets } = settings;
  const { Producer } = await loadPlatformatic();
  const { PlainText, SASL, TLS } = config.Authentication;
  const sasl =
    SASL !== undefined
      ? { mechanism: SASL.SaslMechanism, username: SASL.Username, password: SASL.Password }
      : PlainText !== undefined && PlainText.Username !== ''
        ? { mechanism: 'PLAIN', username: PlainText.Username, password: PlainText.Password }
        : undefined;
  const tls = tlsOptions(TLS);
  const producer = new Producer({
    clientId: config.ClientID,
    bootstrapBrokers: [...config.Brokers],
    connectTimeout: settings.timeoutMs,
    requestTimeout: settings.timeoutMs,
    // The broker's wait for the acknowledgements (Produce's timeout_ms).
    timeout: settings.brokerTimeoutMs,
    // The flusher retries by itself, only the partitions that failed; the client's own retries
    // (and its resend of a whole request on stale metadata) would resend the others too.
    retries: false,
    repeatOnStaleMetadata: false,
    idempotent: config.Idempotent,
    acks: settings.acks,
    compression: config.Compression,
    autocreateTopics: true,
    ...(tls === undefined ? {} : { tls }),
    ...(sasl === undefined ? {} : { sasl }),
  });
  // A repeated header key is kept: the keys are distinct Buffer objects, so the Map holds both.
  const headers =
    config.Headers.length === 0
      ? undefined
      : new Map(config.Headers.map(({ Key, Value }) => [Buffer.from(Key), Buffer.from(Value)]));
  const known = new Map<string, readonly PartitionInfo[]>();

  const partitions = async (topic: string): Promise<readonly PartitionInfo[]> => {
    const cached = known.get(topic);
    if (cached !== undefined) return cached;
    const metadata = await producer.metadata({ topics: [topic], autocreateTopics: true });
    const found = metadata.topics.get(topic)?.partitions ?? [];
    if (found.length === 0) {
      throw new DeliveryError(`no partitions known for topic ${topic}`, { retryable: true });
    }
    const list = found.map((partition, id) => ({ id, hasLeader: partition.leader >= 0 }));
    known.set(topic, list);
    return list;
  };

  /**
   * A batch for a partition the topic does not have (any more) is not sent: the client would
   * send it to that partition modulo the count. Its UnknownPartitionError makes the flusher
   * partition it again from fresh metadata, as with kafkajs. The metadata is the producer's
   * (cached; the send reads the same).
   */
  const produce = async (batches: readonly PartitionBatch[]): Promise<PartitionOutcome[]> => {
    const topics = [...new Set(batches.map((batch) => batch.topic))];
    let metadata: Awaited<ReturnType<PlatformaticProducer['metadata']>>;
    try {
      metadata = await producer.metadata({ topics, autocreateTopics: true });
    } catch (error) {
      const failure = deliveryError(describePlatformaticError(error, secrets), error);
      return batches.map(() => failure);
    }
    const outcomes: PartitionOutcome[] = batches.map(() => undefined);
    const sending: number[] = [];
    batches.forEach((batch, index) => {
      const count = metadata.topics.get(batch.topic)?.partitions.length;
      if (count !== undefined && batch.partition >= count)
        outcomes[index] = new UnknownPartitionError(batch.topic, batch.partition, count);
      else sending.push(index);
    });
    if (sending.length === 0) return outcomes;
    const sent = await send(sending.map((index) => batches[index]!));
    sending.forEach((index, i) => (outcomes[index] = sent[i]));
    return outcomes;
  };

  const send = async (batches: readonly PartitionBatch[]): Promise<PartitionOutcome[]> => {
    const messages: PlatformaticMessage[] = [];
    for (const batch of batches) {
      for (const message of batch.messages) {
        messages.push({
          topic: batch.topic,
          partition: batch.partition,
          key: message.key ?? undefined,
          value: message.value,
          headers,
        });
      }
    }
    try {
      await producer.send({ messages });
      return batches.map(() => undefined);
    } catch (error) {
      const acknowledged = new Set<string>();
      const failures = new Map<string, unknown>();
      for (const { topic, partition } of shape(error).produced?.offsets ?? [])
        acknowledged.add(partitionKey(topic, partition));
      for (const item of errorTree(error)) {
        const responses = item.response?.responses;
        if (responses === undefined) continue;
        responses.forEach((topicResponse, i) => {
          topicResponse.partitionResponses.forEach((partitionResponse, j) => {
            const key = partitionKey(topicResponse.name, partitionResponse.index);
            if (partitionResponse.errorCode === 0) {
              acknowledged.add(key);
              return;
            }
            const path = `/responses/${i}/partition_responses/${j}`;
            failures.set(key, item.errors?.find((inner) => shape(inner).path === path) ?? error);
          });
        });
      }
      return batches.map((batch) => {
        const key = partitionKey(batch.topic, batch.partition);
        if (acknowledged.has(key) && !failures.has(key)) return undefined;
        return deliveryError(describePlatformaticError(failures.get(key) ?? error, secrets), error);
      });
    }
  };

  return {
    connectOnce: async () => {
      await producer.metadata({ topics: [] });
    },
    partitions,
    refreshMetadata: () => {
      known.clear();
      producer.clearMetadata();
    },
    produce,
    describe: (error) => describePlatformaticError(error, secrets),
    close: () => producer.close(true),
  };
}
