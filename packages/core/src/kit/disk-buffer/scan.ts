import { open } from 'node:fs/promises';
import type { SegmentFile } from './segment-files.js';
import { SegmentReader, type SegmentItem } from './segment-reader.js';

type Damage = Extract<SegmentItem, { kind: 'damage' }>;

/**
 * Reads a segment left by an earlier run from `from` to its end, checking every frame: what it
 * still holds to deliver, and each damaged stretch (given to `onDamage`).
 */
export async function scanSegment(
  file: SegmentFile,
  from: number,
  onDamage: (damage: Damage) => void,
): Promise<{ records: number; bytes: number; logs: number }> {
  const found = { records: 0, bytes: 0, logs: 0 };
  const handle = await open(file.path, 'r');
  try {
    const reader = new SegmentReader(handle, from, file.size);
    for (let item = await reader.next(); item !== undefined; item = await reader.next()) {
      if (item.kind === 'damage') {
        onDamage(item);
        continue;
      }
      found.records += 1;
      found.bytes += item.end - item.offset;
      found.logs += item.logs;
    }
  } finally {
    await handle.close();
  }
  return found;
}
