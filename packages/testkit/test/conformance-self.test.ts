// The conformance suite run against a minimal well-behaved flusher that keeps what it accepts in
// memory until stop: every check must pass for it.
import { defineFlusher, FlusherBase, z, type FlushRequest } from '@logflush/core';
import { describeFlusherConformance } from '../src/index.js';

const delivered = new Map<string, Array<Record<string, string>>>();

/** Holds what it accepts in memory and hands it over at stop; the lifecycle is FlusherBase's. */
class MemoryFlusher extends FlusherBase<Array<Record<string, string>>> {
  constructor(private readonly config: { Sink: string }) {
    super('flusher_memory');
  }

  description(): string {
    return 'keeps logs in memory until stop';
  }

  protected async open(): Promise<Array<Record<string, string>>> {
    return [];
  }

  protected async deliver(
    held: Array<Record<string, string>>,
    request: FlushRequest,
  ): Promise<void> {
    for (const group of request.logGroups) {
      for (const log of group.Logs)
        held.push(Object.fromEntries(log.Contents.map((c) => [c.Key, c.Value])));
    }
  }

  protected async close(held: Array<Record<string, string>>): Promise<void> {
    delivered.set(this.config.Sink, held);
  }
}

const plugin = defineFlusher({
  type: 'flusher_memory',
  description: 'Keeps logs in memory (testkit self-test).',
  configSchema: z.object({
    Sink: z.string().default('default').describe('where stop() puts the logs'),
  }),
  createFlusher: (config) => new MemoryFlusher(config),
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
