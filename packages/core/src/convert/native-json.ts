import type { Log, LogContent, LogGroup } from '../loggroup/types.js';
import { rapidJsonString } from './escape-rapidjson.js';
import {
  LineTemplateBuilder,
  contentKey,
  renderLine,
  renderLines,
  type LineTemplate,
} from './line-template.js';
import { compareUtf8 } from './utf8-order.js';

/*
 * The json format: LoongCollector's native serializer, alibaba/loongcollector
 * `core/collection_pipeline/serializer/JsonSerializer.cpp` (`JsonEventGroupSerializer`), checked
 * against `core/unittest/serializer/JsonSerializerUnittest.cpp`. Per log event:
 * `{` the group tags in the order of their `std::map<StringView, StringView>` (`SizedMap`, bytewise
 * = UTF-8 order), `"__time__":<seconds as a number>`, the contents in order `}`; rapidjson's
 * default writer, so no spaces (see escape-rapidjson.ts for the escaping). Each event is followed
 * by "\n" in LoongCollector's output buffer; here a line is returned without it.
 *
 * - The group tags are the LogTags as they are, plus `__topic__`, `__source__` and
 *   `__machine_uuid__` for the group fields that are set (non-empty). A map keeps one value per
 *   key (`SizedMap::Insert` overwrites), so a repeated LogTag key keeps its last value, and a group
 *   field overrides a LogTag of the same name (it is inserted after them here).
 * - Duplicate keys are written as they come: rapidjson's writer does not check, so a content key
 *   equal to a tag key, to `__time__` or to another content key appears twice in the object.
 * - LoongCollector skips a log event with no contents (`e.Empty()`); here such a log still gives
 *   a line with the tags and `__time__`, so every log accepted is written and counted.
 */

function groupTagsPrefix(group: LogGroup): string {
  const tags = new Map<string, string>();
  for (const tag of group.LogTags) tags.set(tag.Key, tag.Value);
  if (group.Topic) tags.set('__topic__', group.Topic);
  if (group.Source) tags.set('__source__', group.Source);
  if (group.MachineUUID) tags.set('__machine_uuid__', group.MachineUUID);
  let out = '{';
  for (const key of [...tags.keys()].sort(compareUtf8)) {
    out += rapidJsonString(key) + ':' + rapidJsonString(tags.get(key)!) + ',';
  }
  return out + '"__time__":';
}

function nativeJsonTemplate(prefix: string, contents: readonly LogContent[]): LineTemplate {
  const b = new LineTemplateBuilder().text(prefix).time();
  for (let i = 0; i < contents.length; i++) {
    b.text(',' + rapidJsonString(contentKey(contents, i)) + ':').content(i);
  }
  return b.text('}').build();
}

/** One log of a group in the json format (no trailing newline). */
export function jsonLine(group: LogGroup, log: Log): string {
  return renderLine(nativeJsonTemplate(groupTagsPrefix(group), log.Contents), log, rapidJsonString);
}

/** Every log of a group in the json format, one string per log. */
export function jsonLines(group: LogGroup): string[] {
  const prefix = groupTagsPrefix(group);
  return renderLines(
    group.Logs,
    (contents) => nativeJsonTemplate(prefix, contents),
    rapidJsonString,
  );
}
