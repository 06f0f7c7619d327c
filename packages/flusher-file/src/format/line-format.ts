import { createConverter, lastContentValue, type LogGroup } from '@logflush/core';
import type { FileFormat } from '../config.js';

/** Turns a group into one line per log (without "\n"). */
export interface LineFormat {
  /** Line `i` is log `i`'s, or `undefined` when that log cannot be written in this format. */
  lines(group: LogGroup): Array<string | undefined>;
  /** Why a log gives `undefined`. */
  readonly unwritableReason: string;
}

/**
 * json: LoongCollector's native serializer (core `jsonLines`); kv: iLogtail's flusher_stdout
 * line (core `kvLines`); custom_single: iLogtail's converter; raw: the value of the `rawKey`
 * content (its last occurrence), as it is.
 */
export function createLineFormat(format: FileFormat, rawKey: string): LineFormat {
  if (format === 'raw') {
    return {
      lines: (group) => group.Logs.map((log) => lastContentValue(log, rawKey)),
      unwritableReason: `the content ${JSON.stringify(rawKey)} (RawKey) is missing`,
    };
  }
  const converter = createConverter({ protocol: format });
  return { lines: (group) => converter.convertGroup(group), unwritableReason: '' };
}
