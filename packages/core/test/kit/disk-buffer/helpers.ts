import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import {
  createMetrics,
  openBuffer,
  type BufferDamage,
  type BufferOptions,
  type BufferRecord,
  type FlusherMetrics,
  type LogBuffer,
} from '../../../src/index.js';

const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A new empty directory, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'logflush-buffer-'));
  dirs.push(dir);
  return dir;
}

/** A record whose bytes say which it is: `id` padded to `size` bytes, carrying `logs` logs. */
export function record(id: string, logs = 1, size = 0): BufferRecord {
  return { data: Buffer.from(id.padEnd(size, '.')), logs };
}

export const idOf = (data: Uint8Array) => Buffer.from(data).toString().replace(/\.+$/, '');

export interface Opened {
  buffer: LogBuffer;
  metrics: FlusherMetrics;
  damage: BufferDamage[];
  warnings: string[];
}

export async function open(options: Partial<BufferOptions> & { Path?: string }): Promise<Opened> {
  const metrics = createMetrics();
  const damage: BufferDamage[] = [];
  const warnings: string[] = [];
  const buffer = await openBuffer(
    {
      Type: options.Path === undefined ? 'memory' : 'disk',
      Path: '',
      MaxBytes: 1 << 20,
      WhenFull: 'block',
      ...options,
    },
    {
      metrics,
      onDamage: (d) => damage.push(d),
      logger: {
        debug() {},
        info() {},
        warn: (alarm, message) => warnings.push(`${alarm}: ${message}`),
        error: (alarm, message) => warnings.push(`${alarm}: ${message}`),
      },
    },
  );
  return { buffer, metrics, damage, warnings };
}

/** Reads and acknowledges everything there is now (the buffer is not waited on once empty). */
export async function drain(buffer: LogBuffer, maxRecords = 7): Promise<string[]> {
  const ids: string[] = [];
  while (buffer.backlog.records > 0) {
    const batch = await buffer.read({ maxRecords, maxBytes: 1 << 20 });
    if (batch === undefined) break;
    ids.push(...batch.records.map((r) => idOf(r.data)));
    await buffer.ack(batch);
  }
  return ids;
}

/** The segment files in `dir` and their sizes. */
export function segments(dir: string): Array<{ name: string; size: number }> {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.seg'))
    .sort()
    .map((name) => ({ name, size: statSync(path.join(dir, name)).size }));
}

export const diskBytes = (dir: string) => segments(dir).reduce((sum, s) => sum + s.size, 0);

export const ids = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${prefix}${i}`);
