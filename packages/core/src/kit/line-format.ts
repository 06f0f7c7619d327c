import { createConverter } from '../convert/converter.js';
import { lastContentValue } from '../convert/content-value.js';
import { jsonLine } from '../convert/native-json.js';
import type { LogGroup } from '../loggroup/types.js';

/** The line formats of the shared `Format` option. */
export const lineFormats = ['json', 'kv', 'custom_single', 'raw'] as const;
export type LineFormat = (typeof lineFormats)[number];

/** Turns a group into one line per log (without "\n"), in the group's order. */
export type LineFormatter = (group: LogGroup) => string[];

/**
 * The shared `Format` + `RawContentKey` options as lines:
 * - json: LoongCollector's native JSON (tags sorted, `__time__` number, contents);
 * - kv: iLogtail flusher_stdout's object (contents, `__time__` string);
 * - custom_single: iLogtail's converter (`{"contents":…,"tags":…,"time":…}`);
 * - raw: the value of the `RawContentKey` content (its last occurrence) as it is; a log without
 *   that content is written as its json line, so that nothing is lost.
 */
export function createLineFormatter(config: {
  readonly Format: LineFormat;
  readonly RawContentKey: string;
}): LineFormatter {
  if (config.Format === 'raw') {
    const key = config.RawContentKey;
    return (group) => group.Logs.map((log) => lastContentValue(log, key) ?? jsonLine(group, log));
  }
  const converter = createConverter({ protocol: config.Format });
  return (group) => converter.convertGroup(group);
}
