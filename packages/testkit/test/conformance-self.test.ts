// The conformance suite run against a minimal well-behaved flusher that keeps what it accepts in
// memory until stop: every check must pass for it.
import { defineFlusher, FlusherStoppedError, z, type Flusher } from '@logflush/core';
import { describeFlusherConformance } from '../src/index.js';

const delivered = new Map<string, Array<Record<string, string>>>();

function memoryFlusher(config: { Sink: string }): Flusher {
  const held: Array<Record<string, string>> = [];
  let stopped = false;
  let metrics: { add(name: string, delta: number): void } | undefined;
  return {
    init: async (context) => {
      metrics = context.metrics;
    },
    description: () => 'keeps logs in memory until stop',
    isReady: () => !stopped,
    flush: async (_p, _l, _c, groups) => {
      if (stopped) throw new FlusherStoppedError('flusher_memory');
      for (const group of groups) {
        metrics?.add('in_events', group.Logs.length);
        for (const log of group.Logs) held.push(Object.fromEntries(log.Contents.map((c) => [c.Key, c.Value])));
      }
    },
    setUrgent: () => {},
    stop: async () => {
      if (stopped) return;
      stopped = true;
      delivered.set(config.Sink, held);
    },
  };
}

const plugin = defineFlusher({
  type: 'flusher_memory',
  description: 'Keeps logs in memory (testkit self-test).',
  configSchema: z.object({ Sink: z.string().default('default').describe('where stop() puts the logs') }),
  createFlusher: memoryFlusher,
});

let run = 0;
describeFlusherConformance(plugin, {
  detail: () => ({ Sink: `sink-${++run}` }),
  readBack: async (detail) => delivered.get(detail.Sink) ?? [],
  cleanup: (detail) => {
    delivered.delete(detail.Sink);
  },
  badOption: { detail: { Sink: 42 }, option: 'Sink' },
});
