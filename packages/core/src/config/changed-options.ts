import type { z } from 'zod';

/*
 * Options whose name or meaning changed: a config written for the old one gets an error that
 * names the new one, never a silent change of behaviour.
 */

const renamed = new WeakMap<object, Readonly<Record<string, string>>>();
const notes = new WeakMap<object, string>();

/**
 * What `marks` holds for `schema` or for the schema it was copied from: zod's `.refine` and
 * `.superRefine` return a copy that links its original as `_zod.parent`, so a mark set before
 * them still holds.
 */
function markOf<T>(marks: WeakMap<object, T>, schema: object): T | undefined {
  for (let s: object | undefined = schema; s !== undefined;) {
    const mark = marks.get(s);
    if (mark !== undefined) return mark;
    s = (s as { _zod?: { parent?: object } })._zod?.parent;
  }
  return undefined;
}

/**
 * Marks options of `schema` as renamed: `{ RawKey: 'RawContentKey' }`. Giving an old name is an
 * error that says what to write instead (the value is shown as the replacement, so it may be a
 * whole phrase such as `Buffer: {"Type": "disk", "Path": …}`).
 */
export function renamedOptions<S extends z.ZodObject>(
  schema: S,
  replacements: Readonly<Record<string, string>>,
): S {
  renamed.set(schema, replacements);
  return schema;
}

/** The replacement of the old option `name` (matched ignoring case) of any of `objects`. */
export function replacementOf(objects: readonly object[], name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const object of objects) {
    const replacements = markOf(renamed, object);
    if (replacements === undefined) continue;
    for (const [old, replacement] of Object.entries(replacements)) {
      if (old.toLowerCase() === lower) return replacement;
    }
  }
  return undefined;
}

/**
 * Adds `note` to every "expected …, given …" error of this option: for an option whose accepted
 * form changed (`Backoff` was one duration, and is `{Init, Max}`).
 */
export function withChangeNote<S extends z.ZodType>(schema: S, note: string): S {
  notes.set(schema, note);
  return schema;
}

/** The change note of the first of `schemas` that has one. */
export function changeNoteOf(schemas: readonly object[]): string | undefined {
  for (const schema of schemas) {
    const note = markOf(notes, schema);
    if (note !== undefined) return note;
  }
  return undefined;
}
