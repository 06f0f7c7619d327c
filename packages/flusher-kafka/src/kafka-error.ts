import { DeliveryError, redact } from '@logflush/core';

/** Node's codes for a certificate that does not verify: retrying cannot help. */
export const certificateCodes: ReadonlySet<string> = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

interface KafkaJsErrorShape {
  name?: string;
  message?: string;
  retriable?: boolean;
  code?: string;
  type?: string;
  cause?: unknown;
}

export interface KafkaFailure {
  /** A retry may succeed (connection lost, leader moving, timeout). */
  readonly transient: boolean;
  /** What went wrong, with every secret replaced. */
  readonly reason: string;
}

/** The innermost error: kafkajs wraps the one that happened in "retries exceeded" errors. */
function rootError(error: unknown): KafkaJsErrorShape {
  let current = error as KafkaJsErrorShape;
  for (let depth = 0; depth < 5; depth++) {
    const name = current?.name;
    const wrapper =
      name === 'KafkaJSNumberOfRetriesExceeded' || name === 'KafkaJSNonRetriableError';
    if (!wrapper || typeof current.cause !== 'object' || current.cause === null) break;
    current = current.cause;
  }
  return current ?? {};
}

/**
 * Classifies a kafkajs error. kafkajs marks each error retriable or not, but it also wraps a
 * retriable error in a non-retriable "retries exceeded" one when its own (disabled) retries run
 * out, so the error that happened is the one that decides.
 */
export function describeKafkaError(error: unknown, secrets: readonly string[]): KafkaFailure {
  const root = rootError(error);
  const name = root.name ?? 'Error';
  const type =
    root.type !== undefined && !(root.message ?? '').includes(root.type) ? ` (${root.type})` : '';
  const reason = redact(`${name}: ${root.message ?? String(error)}${type}`, secrets);
  const certificate = root.code !== undefined && certificateCodes.has(root.code);
  const unrecoverable = ['TypeError', 'RangeError', 'ReferenceError', 'SyntaxError'].includes(name);
  const transient = root.retriable !== false && !certificate && !unrecoverable && name !== 'Error';
  return { transient, reason };
}

/** A client's classified error as the kit's retry contract wants it: the reason, `retryable` when transient. */
export function deliveryError({ transient, reason }: KafkaFailure, cause: unknown): DeliveryError {
  return new DeliveryError(reason, { retryable: transient, cause });
}

/**
 * A message's partition is not among the topic's partitions as the client knows them now: the
 * topic was deleted and created again with fewer. Retryable: the batch sender gives such messages
 * a partition from fresh metadata before it sends them again. Both clients report it, so that
 * neither drops the messages (kafkajs sends nothing for such a partition and says nothing) nor
 * moves them by its own rule (@platformatic/kafka takes the partition modulo the count).
 */
export class UnknownPartitionError extends DeliveryError {
  constructor(topic: string, partition: number, partitions: number | undefined) {
    super(
      `partition ${partition} of topic ${JSON.stringify(topic)} does not exist${partitions === undefined ? '' : ` (the topic has ${partitions} partitions now)`}`,
      { retryable: true },
    );
    this.name = 'UnknownPartitionError';
  }
}
