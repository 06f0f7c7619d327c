import { z } from 'zod';

export type Schema = z.core.$ZodType;

/**
 * Which side of a transforming schema (a pipe) to look through: `input` for raw config values,
 * `any` for values that may be raw or already parsed (both sides are searched).
 */
export type Side = 'input' | 'any';

/** The schema a wrapper (default, optional, …) wraps, or undefined when `schema` is no such wrapper. */
export function wrappedSchema(schema: Schema): Schema | undefined {
  if (
    schema instanceof z.core.$ZodDefault ||
    schema instanceof z.core.$ZodPrefault ||
    schema instanceof z.core.$ZodOptional ||
    schema instanceof z.core.$ZodNullable ||
    schema instanceof z.core.$ZodNonOptional ||
    schema instanceof z.core.$ZodReadonly ||
    schema instanceof z.core.$ZodCatch
  ) {
    return schema._zod.def.innerType;
  }
  if (schema instanceof z.core.$ZodLazy) return schema._zod.def.getter();
  return undefined;
}

/** The sides of a pipe that describe a value's structure (a bare transform describes nothing). */
export function pipeSides(schema: z.core.$ZodPipe, side: Side): Schema[] {
  const { in: input, out } = schema._zod.def;
  const isTransform = (s: Schema) => s instanceof z.core.$ZodTransform;
  if (side === 'input') return isTransform(input) ? [out] : [input];
  return [input, out].filter((s) => !isTransform(s));
}

/**
 * The structural schemas a value may have to match: wrappers, pipes and lazies are looked
 * through and unions (and intersections) are spread into their members.
 */
export function structuralSchemas(schema: Schema, side: Side, seen = new Set<Schema>()): Schema[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const inner = wrappedSchema(schema);
  if (inner) return structuralSchemas(inner, side, seen);
  if (schema instanceof z.core.$ZodPipe) {
    return pipeSides(schema, side).flatMap((s) => structuralSchemas(s, side, seen));
  }
  if (schema instanceof z.core.$ZodUnion) {
    return schema._zod.def.options.flatMap((s) => structuralSchemas(s, side, seen));
  }
  if (schema instanceof z.core.$ZodIntersection) {
    const { left, right } = schema._zod.def;
    return [...structuralSchemas(left, side, seen), ...structuralSchemas(right, side, seen)];
  }
  return [schema];
}

/** The object-like schemas among `candidates`, ready for key lookups. */
export interface ObjectView {
  /** The option names of every object schema, in declaration order, without repeats. */
  readonly names: readonly string[];
  /** The object schemas themselves (for what is registered on them, see changed-options.ts). */
  readonly objects: readonly object[];
  /** Whether a key that is no option is accepted (records, loose objects, catchalls). */
  readonly acceptsOtherKeys: boolean;
  /** The schemas an option's value must match (empty when the key is no option). */
  optionSchemas(name: string): Schema[];
  /** The schemas the value of a key that is no option must match. */
  readonly otherKeySchemas: readonly Schema[];
}

/** Looks at `candidates` as objects; undefined when none of them is an object or a record. */
export function objectView(candidates: readonly Schema[], side: Side): ObjectView | undefined {
  const leaves = candidates.flatMap((c) => structuralSchemas(c, side));
  const objects = leaves.filter((s) => s instanceof z.core.$ZodObject);
  const records = leaves.filter((s) => s instanceof z.core.$ZodRecord);
  if (objects.length === 0 && records.length === 0) return undefined;
  const names = [...new Set(objects.flatMap((o) => Object.keys(o._zod.def.shape)))];
  const otherKeySchemas = [
    ...objects.flatMap((o) => {
      const { catchall } = o._zod.def;
      return catchall && !(catchall instanceof z.core.$ZodNever) ? [catchall] : [];
    }),
    ...records.map((r) => r._zod.def.valueType),
  ];
  return {
    names,
    objects,
    acceptsOtherKeys: otherKeySchemas.length > 0,
    otherKeySchemas,
    optionSchemas: (name) =>
      objects.flatMap((o) => {
        const option = Object.hasOwn(o._zod.def.shape, name) ? o._zod.def.shape[name] : undefined;
        return option ? [option] : [];
      }),
  };
}

/** The schemas the item at `index` of an array value must match. */
export function itemSchemas(candidates: readonly Schema[], index: number, side: Side): Schema[] {
  return candidates
    .flatMap((c) => structuralSchemas(c, side))
    .flatMap((s) => {
      if (s instanceof z.core.$ZodArray) return [s._zod.def.element];
      if (s instanceof z.core.$ZodTuple) {
        const { items, rest } = s._zod.def;
        const item = items[index] ?? rest;
        return item ? [item] : [];
      }
      return [];
    });
}

/** The option name `key` stands for: an exact match first, else the first that matches ignoring case. */
export function matchOptionName(key: string, names: readonly string[]): string | undefined {
  if (names.includes(key)) return key;
  const folded = key.toLowerCase();
  return names.find((name) => name.toLowerCase() === folded);
}

/** The schemas found at `path` below `root` (each as declared, wrappers kept). */
export function schemasAtPath(root: Schema, path: readonly PropertyKey[], side: Side): Schema[] {
  let candidates: Schema[] = [root];
  for (const segment of path) {
    if (typeof segment === 'number') {
      candidates = itemSchemas(candidates, segment, side);
      continue;
    }
    const view = objectView(candidates, side);
    if (!view || typeof segment !== 'string') return [];
    const name = matchOptionName(segment, view.names);
    candidates = name === undefined ? [...view.otherKeySchemas] : view.optionSchemas(name);
  }
  return candidates;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
