import type { Log, LogContent, LogGroup } from '../loggroup/types.js';
import { jsoniterString } from './escape-jsoniter.js';
import {
  LineTemplateBuilder,
  contentKey,
  renderLine,
  renderLines,
  type LineTemplate,
} from './line-template.js';

/*
 * The kv format: iLogtail `plugins/flusher/stdout/flusher_stdout.go` `Flush` with
 * `KeyValuePairs: true`. It writes `{`, then for every content in order `"key":"value",`
 * (WriteObjectField = key + ':'; WriteString; a raw ','), then `"__time__":"<strconv.Itoa(Time)>"`
 * and `}`: no spaces, duplicate keys kept, tags left out, escaping by jsoniter `WriteString` (see
 * escape-jsoniter.ts: no HTML escaping, `\b`/`\f` as `\u0008`/`\u000c`).
 */

function kvTemplate(contents: readonly LogContent[]): LineTemplate {
  const b = new LineTemplateBuilder().text('{');
  for (let i = 0; i < contents.length; i++) {
    b.text(jsoniterString(contentKey(contents, i)) + ':')
      .content(i)
      .text(',');
  }
  return b.text('"__time__":"').time().text('"}').build();
}

/** One log in the kv format (no trailing newline). */
export function kvLine(log: Log): string {
  return renderLine(kvTemplate(log.Contents), log, jsoniterString);
}

/** Every log of a group in the kv format, one string per log. */
export function kvLines(group: LogGroup): string[] {
  return renderLines(group.Logs, kvTemplate, jsoniterString);
}
