import { convertedNameOfRawTag } from './ilogtail-tags.js';

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

/**
 * Parses `content.<key>` or `tag.<key>` (iLogtail's target field names); throws on anything else.
 * Tags go by their converted names (docs/design.md §9.7), so a raw name that iLogtail renames
 * (`tag.__hostname__`) is an error that names the one to write (`tag.host.name`).
 */
export function parseFieldRef(ref: string): FieldRef {
  if (ref.startsWith('content.') && ref.length > 'content.'.length) {
    return { kind: 'content', key: ref.slice('content.'.length), ref };
  }
  if (ref.startsWith('tag.') && ref.length > 'tag.'.length) {
    const key = ref.slice('tag.'.length);
    const converted = convertedNameOfRawTag(key);
    if (converted !== undefined) {
      throw new Error(
        `unsupported field ${JSON.stringify(ref)}: tags go by their converted names, write tag.${converted}`,
      );
    }
    return { kind: 'tag', key, ref };
  }
  throw new Error(`unsupported field ${JSON.stringify(ref)}: expected content.<key> or tag.<key>`);
}

export function lookupField(source: FieldSource, field: FieldRef): string | undefined {
  return field.kind === 'content' ? source.content(field.key) : source.tag(field.key);
}
