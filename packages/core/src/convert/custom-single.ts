import type { LogContent, LogGroup } from '../loggroup/types.js';
import { contentTagName, finalTagName, groupTags, type TagNaming } from './ilogtail-tags.js';
import {
  LineTemplateBuilder,
  contentKey,
  type EscapeString,
  type LineTemplate,
} from './line-template.js';
import { compareUtf8 } from './utf8-order.js';

/*
 * iLogtail's single-log protocols (`pkg/protocol/converter/custom_single_log.go`,
 * `converter_single_log_flatten.go`, `jsonline.go`):
 * - custom_single: `{"contents":{…},"tags":{…},"time":<Time>}`, a Go map marshalled by
 *   `json.NewEncoder` with `SetEscapeHTML(false)` and the trailing newline trimmed;
 * - custom_single_flatten: contents, then tags (a tag wins over a content of the same key), then
 *   the time key (it wins over both), all in one map;
 * - jsonline: the flattened maps encoded by `jsoniter.ConfigFastest` and joined with '\n'.
 * Go marshals maps with keys sorted by bytes; jsoniter without SortMapKeys leaves them in Go's
 * random map order, which logflush replaces with the same sorted order. ProtocolFieldsRename
 * renames the `time`, `contents` and `tags` keys; the three are assigned in that order, so when
 * renames make two of them equal the later one wins.
 */

export interface ProtocolKeys {
  readonly time: string;
  readonly contents: string;
  readonly tags: string;
}

type Value =
  | { readonly kind: 'json'; readonly json: string }
  | { readonly kind: 'content'; readonly index: number }
  | { readonly kind: 'time' }
  | { readonly kind: 'object'; readonly entries: Map<string, Value> };

const TIME: Value = { kind: 'time' };

/** Per-group part of the conversion: the group's tags with their values already escaped. */
export interface SingleLogGroupContext {
  readonly tags: ReadonlyMap<string, Value>;
}

export function singleLogGroupContext(
  group: LogGroup,
  naming: TagNaming,
  escape: EscapeString,
): SingleLogGroupContext {
  const tags = new Map<string, Value>();
  for (const [name, value] of groupTags(group, naming)) {
    tags.set(name, { kind: 'json', json: escape(value) });
  }
  return { tags };
}

function emit(b: LineTemplateBuilder, value: Value, escape: EscapeString): void {
  switch (value.kind) {
    case 'json':
      b.text(value.json);
      return;
    case 'content':
      b.content(value.index);
      return;
    case 'time':
      b.time();
      return;
    case 'object': {
      const keys = [...value.entries.keys()].sort(compareUtf8);
      b.text('{');
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        b.text((i === 0 ? '' : ',') + escape(key) + ':');
        emit(b, value.entries.get(key)!, escape);
      }
      b.text('}');
      return;
    }
  }
}

function splitContents(
  contents: readonly LogContent[],
  naming: TagNaming,
): { contents: Map<string, Value>; tags: Map<string, Value> } {
  const plain = new Map<string, Value>();
  const tags = new Map<string, Value>();
  for (let i = 0; i < contents.length; i++) {
    const key = contentKey(contents, i);
    const tagName = contentTagName(key, naming.k8s);
    if (tagName === null) continue;
    if (tagName === undefined) {
      plain.set(key, { kind: 'content', index: i });
    } else {
      const final = finalTagName(tagName, naming.rename);
      if (final !== undefined) tags.set(final, { kind: 'content', index: i });
    }
  }
  return { contents: plain, tags };
}

export interface SingleLogShape {
  readonly naming: TagNaming;
  readonly keys: ProtocolKeys;
  readonly flatten: boolean;
  readonly escape: EscapeString;
}

/** The template of one log (given its content keys) in custom_single or its flattened form. */
export function singleLogTemplate(
  contents: readonly LogContent[],
  group: SingleLogGroupContext,
  shape: SingleLogShape,
): LineTemplate {
  const split = splitContents(contents, shape.naming);
  for (const [name, value] of group.tags) split.tags.set(name, value);
  const top = new Map<string, Value>();
  if (shape.flatten) {
    for (const [key, value] of split.contents) top.set(key, value);
    for (const [key, value] of split.tags) top.set(key, value);
    top.set(shape.keys.time, TIME);
  } else {
    top.set(shape.keys.time, TIME);
    top.set(shape.keys.contents, { kind: 'object', entries: split.contents });
    top.set(shape.keys.tags, { kind: 'object', entries: split.tags });
  }
  const b = new LineTemplateBuilder();
  emit(b, { kind: 'object', entries: top }, shape.escape);
  return b.build();
}
