import { createConverter, type Log, type LogGroup } from '@logflush/core';
import type { FileFormat } from '../config.js';

/** Turns a group into one line per log (without "\n"). */
export interface LineFormat {
  /** Line `i` is log `i`'s, or `undefined` when that log cannot be written in this format. */
  lines(group: LogGroup): Array<string | undefined>;
  /** Why a log gives `undefined`. */
  readonly unwritableReason: string;
}

function rawValue(log: Log, key: string): string | undefined {
  const contents = log.Contents;
  for (let i = contents.length - 1; i >= 0; i--) {
    if (contents[i]!.Key === key) return contents[i]!.Value;
  }
  return undefined;
}

/**
 * json: LoongCollector's native serializer (core `jsonLines`); kv: iLogtail's flusher_stdout
 * line (core `kvLines`); custom_single: iLogtail's converter; raw: the value of the `rawKey`
 * content (its last occurrence), as it is.
 */
export function createLineFormat(format: FileFormat, rawKey: string): LineFormat {
  if (format === 'raw') {
    return {
      lines: (group) => group.Logs.map((log) => rawValue(log, rawKey)),
      unwritableReason: `the content ${JSON.stringify(rawKey)} (RawKey) is missing`,
    };
  }
  const converter = createConverter({ protocol: format });
  return { lines: (group) => converter.convertGroup(group), unwritableReason: '' };
}
