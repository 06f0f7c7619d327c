import type { LineFormatter, Log, LogConverter, LogGroup } from '@logflush/core';
import type { KeyFormat } from './key-format.js';

/** The lines of one batch key, and the logs they were made from (same order, same length). */
export interface KeyedLines {
  readonly lines: string[];
  readonly logs: Log[];
}

/**
 * Each log's line under its batch key (KeyFormat rendered without its tokens), in the order of
 * the logs. Without `%{…}` fields, logs in the same time slot of the key's finest strftime unit
 * share the key just rendered, so a key is rendered about once per slot, not once per log.
 */
export function linesByBatchKey(
  groups: readonly LogGroup[],
  formatLines: LineFormatter,
  keyFormat: KeyFormat,
  fields: Pick<LogConverter, 'groupFields'>,
): Map<string, KeyedLines> {
  const byKey = new Map<string, KeyedLines>();
  const granularity = keyFormat.timeGranularity;
  let lastSlot = Number.NaN;
  let lastKey = '';
  let lastLines: KeyedLines | undefined;
  for (const group of groups) {
    const lines = formatLines(group);
    const groupFields = keyFormat.usesFields ? fields.groupFields(group) : undefined;
    for (let i = 0; i < lines.length; i++) {
      const log = group.Logs[i]!;
      let key: string;
      if (groupFields !== undefined) {
        key = keyFormat.batchKey(groupFields.of(log), log.Time);
      } else {
        const slot = Number.isFinite(granularity) ? Math.floor(log.Time / granularity) : 0;
        key =
          slot === lastSlot && lastLines !== undefined
            ? lastKey
            : keyFormat.batchKey(undefined, log.Time);
        lastSlot = slot;
      }
      if (key !== lastKey || lastLines === undefined) {
        lastLines = byKey.get(key);
        if (lastLines === undefined) byKey.set(key, (lastLines = { lines: [], logs: [] }));
        lastKey = key;
      }
      lastLines.lines.push(lines[i]!);
      lastLines.logs.push(log);
    }
  }
  return byKey;
}
