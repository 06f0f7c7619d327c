import {
  createConverter,
  jsonLine,
  jsonLines,
  kvLines,
  lastContentValue,
  type LogGroup,
} from '@logflush/core';
import type { FlusherS3Config } from './config.js';

/** Turns a group into one line per log (without "\n"), in the group's order. */
export type LineFormatter = (group: LogGroup) => string[];

/**
 * The line formats of an object (every line is followed by "\n" in the object):
 * - json: LoongCollector's native JSON (tags sorted, `__time__` number, contents);
 * - kv: iLogtail flusher_stdout's object (contents, `__time__` string);
 * - custom_single: iLogtail's converter (`{"contents":…,"tags":…,"time":…}`);
 * - raw: the value of the `RawContentKey` content as it is; a log without that content is
 *   written as its json line, so that nothing is lost.
 */
export function lineFormatter(
  config: Pick<FlusherS3Config, 'Format' | 'RawContentKey'>,
): LineFormatter {
  switch (config.Format) {
    case 'json':
      return jsonLines;
    case 'kv':
      return kvLines;
    case 'custom_single': {
      const converter = createConverter({ protocol: 'custom_single' });
      return (group) => converter.convertGroup(group);
    }
    case 'raw':
      return (group) =>
        group.Logs.map(
          (log) => lastContentValue(log, config.RawContentKey) ?? jsonLine(group, log),
        );
  }
}

/** Content-Type of the objects: JSON lines, or plain text for raw. */
export function contentType(format: FlusherS3Config['Format']): string {
  return format === 'raw' ? 'text/plain; charset=utf-8' : 'application/x-ndjson';
}

/** `{ext}` before compression's suffix. */
export function formatExtension(format: FlusherS3Config['Format']): string {
  return format === 'raw' ? '.log' : '.jsonl';
}
