import { goMarshalLog, kvLines, type LogGroup } from '@logflush/core';
import { formatLogTags } from './proto-text.js';

/** iLogtail's header line for a group when `Tags` is on. */
export function groupHeader(group: LogGroup): string {
  return `[LogGroup] topic ${group.Topic ?? ''}, logstore ${group.Category ?? ''}, logcount ${group.Logs.length}, tags ${formatLogTags(group.LogTags)}`;
}

export interface LineFormat {
  keyValuePairs: boolean;
  tags: boolean;
}

/**
 * The lines flusher_stdout writes for some groups, each ending in "\n" and starting with
 * `prefix`: the kv form (`KeyValuePairs: true`) or Go's json.Marshal of the Log.
 */
export function formatLines(
  groups: readonly LogGroup[],
  format: LineFormat,
  prefix = '',
): string[] {
  const lines: string[] = [];
  for (const group of groups) {
    if (format.tags) lines.push(`${prefix}${groupHeader(group)}\n`);
    const logLines = format.keyValuePairs ? kvLines(group) : group.Logs.map(goMarshalLog);
    for (const line of logLines) lines.push(`${prefix}${line}\n`);
  }
  return lines;
}

const pad = (value: number) => String(value).padStart(2, '0');

/** Local `YYYY-MM-DD HH:MM:SS `, seelog's `%Date %Time ` prefix. */
export function dateTimePrefix(now: Date): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())} ${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())} `;
}
