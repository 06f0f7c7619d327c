import type { Log, LogGroup } from '../../src/loggroup/types.js';

/** A log from [key, value] pairs. */
export function log(time: number, pairs: [string, string][]): Log {
  return { Time: time, Contents: pairs.map(([Key, Value]) => ({ Key, Value })) };
}

/** A group of logs with the given tags and group fields. */
export function group(
  logs: Log[],
  tags: [string, string][] = [],
  fields: Omit<LogGroup, 'Logs' | 'LogTags'> = {},
): LogGroup {
  return { Logs: logs, LogTags: tags.map(([Key, Value]) => ({ Key, Value })), ...fields };
}
