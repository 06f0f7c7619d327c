/** Where `%{content.<key>}` and `%{tag.<key>}` find their values; `undefined` = not present. */
export interface FieldSource {
  content(key: string): string | undefined;
  tag(key: string): string | undefined;
}

/** A parsed `content.<key>` / `tag.<key>` reference. */
export interface FieldRef {
  readonly kind: 'content' | 'tag';
  readonly key: string;
  /** The reference as written, e.g. `content.app`. */
  readonly ref: string;
}

/** Parses `content.<key>` or `tag.<key>` (iLogtail's target field names); throws on anything else. */
export function parseFieldRef(ref: string): FieldRef {
  if (ref.startsWith('content.') && ref.length > 'content.'.length) {
    return { kind: 'content', key: ref.slice('content.'.length), ref };
  }
  if (ref.startsWith('tag.') && ref.length > 'tag.'.length) {
    return { kind: 'tag', key: ref.slice('tag.'.length), ref };
  }
  throw new Error(`unsupported field ${JSON.stringify(ref)}: expected content.<key> or tag.<key>`);
}

export function lookupField(source: FieldSource, field: FieldRef): string | undefined {
  return field.kind === 'content' ? source.content(field.key) : source.tag(field.key);
}
