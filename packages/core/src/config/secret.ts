import { z } from 'zod';
import {
  type Schema,
  type Side,
  isPlainObject,
  itemSchemas,
  matchOptionName,
  objectView,
  pipeSides,
  structuralSchemas,
  wrappedSchema,
} from './schema-walk.js';

/** What a secret value is replaced with. */
export const redacted = '<redacted>';

/**
 * A string option that holds a secret (a password, a secret key). Its value never appears in
 * `ConfigError`s, and `redactConfig` replaces it.
 */
export function secret() {
  return z.string().meta({ secret: true });
}

/** Whether `schema` is marked secret (`.meta({ secret: true })`), itself or through a wrapper. */
export function isSecret(schema: Schema): boolean {
  const seen = new Set<Schema>();
  const visit = (s: Schema): boolean => {
    if (seen.has(s)) return false;
    seen.add(s);
    if (z.globalRegistry.get(s)?.secret === true) return true;
    const inner = wrappedSchema(s);
    if (inner) return visit(inner);
    if (s instanceof z.core.$ZodPipe) return pipeSides(s, 'any').some(visit);
    if (s instanceof z.core.$ZodUnion) return s._zod.def.options.some(visit);
    return false;
  };
  return visit(schema);
}

/** Whether a value matching `candidates` may hold a secret anywhere inside it. */
function holdsSecret(candidates: readonly Schema[], seen = new Set<Schema>()): boolean {
  return candidates.some((candidate) => {
    if (seen.has(candidate)) return false;
    seen.add(candidate);
    if (isSecret(candidate)) return true;
    return structuralSchemas(candidate, 'any').some((s) => {
      if (s instanceof z.core.$ZodObject) {
        const { shape, catchall } = s._zod.def;
        return holdsSecret([...Object.values(shape), ...(catchall ? [catchall] : [])], seen);
      }
      if (s instanceof z.core.$ZodRecord) return holdsSecret([s._zod.def.valueType], seen);
      if (s instanceof z.core.$ZodArray) return holdsSecret([s._zod.def.element], seen);
      if (s instanceof z.core.$ZodTuple) {
        const { items, rest } = s._zod.def;
        return holdsSecret([...items, ...(rest ? [rest] : [])], seen);
      }
      return false;
    });
  });
}

/**
 * Rebuilds `value` with every value in a secret position passed through `replace`. Keys match
 * option names ignoring case, so this works on a raw `detail` as well as on parsed output. A value
 * that cannot be walked into but may hold a secret (a string where an object with a password was
 * expected) is replaced whole. Empty strings and null stay as they are: they hide nothing.
 */
export function mapSecrets(
  candidates: readonly Schema[],
  value: unknown,
  replace: (secretValue: unknown) => unknown,
  side: Side = 'any',
): unknown {
  if (value === undefined || value === null || value === '') return value;
  if (candidates.some(isSecret)) return replace(value);
  const walksArrays = candidates
    .flatMap((c) => structuralSchemas(c, side))
    .some((s) => s instanceof z.core.$ZodArray || s instanceof z.core.$ZodTuple);
  if (Array.isArray(value) && walksArrays) {
    return value.map((item, index) =>
      mapSecrets(itemSchemas(candidates, index, side), item, replace, side),
    );
  }
  const view = objectView(candidates, side);
  if (isPlainObject(value) && view) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => {
        const name = matchOptionName(key, view.names);
        const schemas = name === undefined ? view.otherKeySchemas : view.optionSchemas(name);
        return [key, mapSecrets(schemas, item, replace, side)];
      }),
    );
  }
  return holdsSecret(candidates) ? replace(value) : value;
}

/**
 * A copy of `value` (a config's `detail`, raw or parsed) fit to print: every secret option, at any
 * depth, is replaced with "<redacted>".
 */
export function redactConfig<T>(schema: z.ZodType, value: T): T {
  return mapSecrets([schema], value, () => redacted) as T;
}

/** The values of the secret options in `value` (raw or parsed), to pass to `redact`. */
export function secretValues(schema: z.ZodType, value: unknown): string[] {
  const found: string[] = [];
  mapSecrets([schema], value, (secretValue) => {
    if (typeof secretValue === 'string') found.push(secretValue);
    return secretValue;
  });
  return found;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `text` with every occurrence of each secret replaced by "<redacted>"; for scrubbing a message
 * that comes from a third-party library (a Kafka SASL error echoing a password). Longer secrets
 * are matched first, and empty strings are ignored.
 */
export function redact(text: string, secrets: Iterable<string>): string {
  const distinct = [...new Set(secrets)]
    .filter((s) => s !== '')
    .sort((a, b) => b.length - a.length);
  if (distinct.length === 0) return text;
  return text.replace(new RegExp(distinct.map(escapeRegExp).join('|'), 'g'), redacted);
}
