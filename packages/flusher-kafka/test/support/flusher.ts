import type { FlusherKafkaOptions } from '../../src/config.js';
import { mockContext, type MockContext } from '@logflush/testkit';
import type { LogGroup } from '@logflush/core';
import { plugin, type KafkaFlusher } from '../../src/index.js';

export interface RunningFlusher {
  readonly flusher: KafkaFlusher;
  readonly context: MockContext;
}

/** Creates a flusher from `detail` (as a pipeline config gives it) and initializes it. */
export async function startFlusher(detail: FlusherKafkaOptions): Promise<RunningFlusher> {
  const flusher = plugin.create(detail) as KafkaFlusher;
  const context = mockContext({ logstore: 'test-logstore' });
  await flusher.init(context);
  return { flusher, context };
}

export function flush(running: RunningFlusher, groups: LogGroup[]): Promise<void> {
  return running.flusher.flush('test-project', 'test-logstore', 'test-config', groups);
}

/** Options every test against the plaintext listener shares: quick retries for new topics. */
export const quickRetries = { Backoff: { Init: '50ms', Max: '500ms' } } as const;
