import type { ClientName, FlusherKafkaOptions } from '../../src/config.js';
import { mockContext, type MockContext } from '@logflush/testkit';
import type { LogGroup } from '@logflush/core';
import { plugin, type KafkaFlusher } from '../../src/index.js';

export interface RunningFlusher {
  readonly flusher: KafkaFlusher;
  readonly context: MockContext;
}

/**
 * The client this run of the suite tests (`LOGFLUSH_KAFKA_CLIENT`, set by test/run-clients.mjs):
 * the whole suite runs once per client.
 */
export const testClient: ClientName =
  process.env.LOGFLUSH_KAFKA_CLIENT === 'platformatic' ? 'platformatic' : 'kafkajs';

/** `detail` with this run's Client (unless it names one). */
export function withClient<T extends Record<string, unknown>>(
  detail: T,
): T & { Client: ClientName } {
  return { Client: testClient, ...detail };
}

/** Creates a flusher from `detail` (as a pipeline config gives it), with this run's Client. */
export function createFlusher(detail: FlusherKafkaOptions): KafkaFlusher {
  return plugin.create(withClient(detail)) as KafkaFlusher;
}

/** Creates a flusher from `detail` (as a pipeline config gives it) and initializes it. */
export async function startFlusher(detail: FlusherKafkaOptions): Promise<RunningFlusher> {
  const flusher = createFlusher(detail);
  const context = mockContext({ logstore: 'test-logstore' });
  await flusher.init(context);
  return { flusher, context };
}

export function flush(running: RunningFlusher, groups: LogGroup[]): Promise<void> {
  return running.flusher.flush('test-project', 'test-logstore', 'test-config', groups);
}

/** Options every test against the plaintext listener shares: quick retries for new topics. */
export const quickRetries = { Backoff: { Init: '50ms', Max: '500ms' } } as const;

/**
 * How each client words the errors the tests provoke (regular-expression sources). The flusher's
 * own wording around them is the same for both; the reason inside is the client's error.
 */
export const clientErrors = {
  kafkajs: {
    refused: 'KafkaJSConnectionError: Connection error: connect ECONNREFUSED',
    saslFailed: 'KafkaJSSASLAuthenticationError: SASL .* authentication failed',
    selfSigned:
      'KafkaJSConnectionError: Connection error: self[- ]signed certificate in certificate chain',
    any: 'KafkaJS\\w+: .+',
  },
  platformatic: {
    refused: 'NetworkError: Connection to [\\d.:]+ failed: connect ECONNREFUSED',
    saslFailed: 'NetworkError: Connection to [\\d.:]+ failed: SASL authentication failed',
    selfSigned:
      'NetworkError: Connection to [\\d.:]+ failed: self[- ]signed certificate in certificate chain',
    any: '(?:NetworkError|ProtocolError|TimeoutError|UserError|MultipleErrors): .+',
  },
}[testClient];
