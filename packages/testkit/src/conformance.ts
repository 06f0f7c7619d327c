import { describe, expect, it } from 'vitest';
import {
  FlusherNotInitializedError,
  FlusherStoppedError,
  flusherTypePattern,
  type Flusher,
  type FlusherPlugin,
  type LogGroup,
  type z,
} from '@logflush/core';
import { createLogGroup, createLogs } from './builders.js';
import { mockContext } from './mock-context.js';
import type { ConformanceOptions } from './conformance-options.js';

const logstoreKey = 2n ** 63n - 1n;

function sequencedGroups(first: number, groups: number, perGroup: number): LogGroup[] {
  return Array.from({ length: groups }, (_, g) => {
    const start = first + g * perGroup;
    const logs = createLogs(perGroup, {
      contents: (i) => ({
        seq: String(start + i),
        content: `conformance log ${start + i} "quoted" <&>`,
      }),
    });
    return createLogGroup({
      logs,
      topic: 'conformance',
      source: '127.0.0.1',
      tags: { env: 'test' },
    });
  });
}

async function flushWhenReady(flusher: Flusher, groups: LogGroup[]): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!flusher.isReady('test-project', 'test-logstore', logstoreKey)) {
    if (Date.now() > deadline) throw new Error('isReady stayed false for 10 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await flusher.flush('test-project', 'test-logstore', 'test-config', groups);
}

/**
 * The checks every flusher package runs in its own suite (docs/design.md §2): naming, description,
 * defaults, the lifecycle in order, read-back of everything accepted, and the stop rules.
 */
export function describeFlusherConformance<Detail extends Record<string, unknown>>(
  plugin: FlusherPlugin,
  options: ConformanceOptions<Detail>,
): void {
  const requiredDetail = options.requiredDetail ?? {};
  const timeout = options.timeout ?? 20_000;

  async function withFlusher(run: (flusher: Flusher, detail: Detail) => Promise<void>) {
    const detail = await options.detail();
    const flusher = plugin.create(detail);
    try {
      await run(flusher, detail);
    } finally {
      await flusher.stop();
      await options.cleanup?.(detail);
    }
  }

  describe(`${plugin.type} conformance`, () => {
    it('has a type that matches ^flusher_[a-z0-9_]+$', () => {
      expect(plugin.type).toMatch(flusherTypePattern);
    });

    it('describes itself in a non-empty sentence', () => {
      expect(plugin.description.trim()).not.toBe('');
      expect(plugin.create(requiredDetail).description().trim()).not.toBe('');
    });

    it('creates with defaults for every option it does not require', () => {
      const config = plugin.parseConfig(requiredDetail);
      // `.default()` and `.prefault()` (input-form defaults, e.g. durations) both fill an option.
      const defaulted = Object.entries(plugin.configSchema.shape)
        .filter(([, schema]) => ['default', 'prefault'].includes((schema as z.ZodType).def.type))
        .map(([name]) => name);
      for (const name of defaulted) expect(config).toHaveProperty(name);
      const flusher = plugin.create(requiredDetail);
      for (const method of ['init', 'description', 'isReady', 'flush', 'setUrgent', 'stop']) {
        expect(typeof (flusher as unknown as Record<string, unknown>)[method]).toBe('function');
      }
    });

    it(
      'runs init → isReady → flush → setUrgent → stop, and everything accepted can be read back',
      async () => {
        const context = mockContext();
        let detail: Detail | undefined;
        await withFlusher(async (flusher, given) => {
          detail = given;
          await flusher.init(context);
          expect(flusher.isReady('test-project', 'test-logstore', logstoreKey)).toBe(true);
          await flushWhenReady(flusher, sequencedGroups(0, 3, 20));
          flusher.setUrgent(true);
          await flushWhenReady(flusher, sequencedGroups(60, 2, 20));
          await flusher.stop();
          const found = await options.readBack(given);
          const seqs = found.map((contents) => Number(contents.seq)).sort((a, b) => a - b);
          expect(seqs).toEqual(Array.from({ length: 100 }, (_, i) => i));
          for (const contents of found) {
            expect(contents.content).toBe(`conformance log ${contents.seq} "quoted" <&>`);
          }
          expect(context.metrics.get('in_events')).toBe(100);
          expect(context.lines.filter((line) => line.level === 'error')).toEqual([]);
        });
        expect(detail).toBeDefined();
      },
      timeout,
    );

    it(
      'answers the lifecycle probes: isReady, flush and stop before init, flush after stop, stop twice',
      async () => {
        await withFlusher(async (flusher) => {
          const groups = sequencedGroups(0, 1, 1);
          expect(flusher.isReady('test-project', 'test-logstore', logstoreKey)).toBe(false);
          await expect(
            flusher.flush('test-project', 'test-logstore', 'test-config', groups),
          ).rejects.toBeInstanceOf(FlusherNotInitializedError);
          const context = mockContext();
          await flusher.init(context);
          expect(flusher.isReady('test-project', 'test-logstore', logstoreKey)).toBe(true);
          const first = flusher.stop();
          const second = flusher.stop();
          expect(second).toBe(first);
          await first;
          expect(flusher.isReady('test-project', 'test-logstore', logstoreKey)).toBe(false);
          await expect(
            flusher.flush('test-project', 'test-logstore', 'test-config', groups),
          ).rejects.toBeInstanceOf(FlusherStoppedError);
          await expect(
            flusher.flush('test-project', 'test-logstore', 'test-config', groups),
          ).rejects.toThrow(/after stop/);
          expect(context.metrics.get('in_events')).toBe(0);
        });
      },
      timeout,
    );

    it(
      'stops before init at once, and then rejects flush as stopped',
      async () => {
        const detail = await options.detail();
        const flusher = plugin.create(detail);
        try {
          await flusher.stop();
          expect(flusher.isReady('test-project', 'test-logstore', logstoreKey)).toBe(false);
          await expect(
            flusher.flush('test-project', 'test-logstore', 'test-config', sequencedGroups(0, 1, 1)),
          ).rejects.toBeInstanceOf(FlusherStoppedError);
        } finally {
          await options.cleanup?.(detail);
        }
      },
      timeout,
    );

    it('names a bad option in its error', () => {
      expect(() => plugin.create({ ...requiredDetail, ...options.badOption.detail })).toThrow(
        options.badOption.option,
      );
    });

    it('rejects an unknown option by name', () => {
      expect(() => plugin.create({ ...requiredDetail, NoSuchOption: true })).toThrow(
        /NoSuchOption/,
      );
    });
  });
}
