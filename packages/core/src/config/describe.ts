import { z } from 'zod';
import { durationExpectation, isDuration } from './duration.js';
import { type Schema, wrappedSchema } from './schema-walk.js';

/** The parts of zod's check definitions read here. */
interface CheckDef {
  check?: string;
  format?: string;
  value?: unknown;
  inclusive?: boolean;
  minimum?: number;
  maximum?: number;
  length?: number;
  pattern?: RegExp;
  prefix?: string;
  suffix?: string;
  includes?: string;
}

/** The schema's own definition (a format type such as `z.url()` is a check itself) and its checks. */
function checksOf(schema: Schema): CheckDef[] {
  const def = schema._zod.def as unknown as CheckDef & { checks?: { _zod: { def: unknown } }[] };
  return [def, ...(def.checks ?? []).map((check) => check._zod.def as CheckDef)];
}

const integerFormats = new Set(['safeint', 'int32', 'uint32', 'int64', 'uint64']);

const stringFormats: Readonly<Record<string, string>> = {
  url: 'a URL',
  email: 'an email address',
  uuid: 'a UUID',
  ipv4: 'an IPv4 address',
  ipv6: 'an IPv6 address',
  hostname: 'a host name',
  datetime: 'an ISO 8601 date and time',
};

function describeNumber(schema: Schema): string {
  const checks = checksOf(schema);
  const isInteger = checks.some(
    (c) => c.check === 'number_format' && integerFormats.has(c.format ?? ''),
  );
  const bounds: string[] = [];
  for (const c of checks) {
    if (c.check === 'greater_than') bounds.push(`${c.inclusive ? '≥' : '>'} ${String(c.value)}`);
    if (c.check === 'less_than') bounds.push(`${c.inclusive ? '≤' : '<'} ${String(c.value)}`);
    if (c.check === 'multiple_of') bounds.push(`that is a multiple of ${String(c.value)}`);
  }
  return [isInteger ? 'an integer' : 'a number', bounds.join(' and ')].filter(Boolean).join(' ');
}

function describeString(schema: Schema): string {
  let noun = 'a string';
  const qualifiers: string[] = [];
  for (const c of checksOf(schema)) {
    if (c.check === 'min_length' && c.minimum === 1) noun = 'a non-empty string';
    else if (c.check === 'min_length')
      qualifiers.push(`of at least ${String(c.minimum)} characters`);
    if (c.check === 'max_length') qualifiers.push(`of at most ${String(c.maximum)} characters`);
    if (c.check === 'length_equals') qualifiers.push(`of exactly ${String(c.length)} characters`);
    if (c.check !== 'string_format' || c.format === undefined) continue;
    if (c.format === 'regex') qualifiers.push(`matching ${String(c.pattern)}`);
    else if (c.format === 'starts_with')
      qualifiers.push(`starting with ${JSON.stringify(c.prefix)}`);
    else if (c.format === 'ends_with') qualifiers.push(`ending with ${JSON.stringify(c.suffix)}`);
    else if (c.format === 'includes') qualifiers.push(`containing ${JSON.stringify(c.includes)}`);
    else if (c.format === 'lowercase' || c.format === 'uppercase')
      qualifiers.push(`in ${c.format}`);
    else noun = stringFormats[c.format] ?? `a string in ${c.format} format`;
  }
  return [noun, ...qualifiers].join(' ');
}

function oneOf(values: readonly unknown[]): string {
  const listed = values.map((v) => JSON.stringify(v) ?? String(v));
  return listed.length === 1 ? listed[0]! : `one of ${listed.join(', ')}`;
}

/** "strings" for "a string", when the description is simple enough to make plural. */
function plural(description: string): string | undefined {
  const match = /^an? ((?:non-empty )?[a-z]+)$/.exec(description);
  return match ? `${match[1]}s` : undefined;
}

function describeArray(schema: z.core.$ZodArray): string {
  const item = describeExpected(schema._zod.def.element);
  const items = item === undefined ? undefined : plural(item);
  let text =
    item === undefined
      ? 'an array'
      : items
        ? `an array of ${items}`
        : `an array whose items are each ${item}`;
  for (const c of checksOf(schema)) {
    if (c.check === 'min_length' && c.minimum === 1)
      text = text.replace(/^an array/, 'a non-empty array');
    else if (c.check === 'min_length') text += ` with at least ${String(c.minimum)} items`;
    if (c.check === 'max_length') text += ` with at most ${String(c.maximum)} items`;
    if (c.check === 'length_equals') text += ` with exactly ${String(c.length)} items`;
  }
  return text;
}

function describeRecord(schema: z.core.$ZodRecord): string {
  const value = describeExpected(schema._zod.def.valueType);
  if (value === undefined) return 'an object';
  const values = plural(value);
  return values
    ? `an object mapping names to ${values}`
    : `an object whose values are each ${value}`;
}

/**
 * What `schema` accepts, in words: `a boolean`, `an integer ≥ 1`, `one of "none", "gzip"`,
 * `an array of strings`, … Undefined for schemas that cannot be put in words (custom, any).
 */
export function describeExpected(schema: Schema): string | undefined {
  if (isDuration(schema)) return durationExpectation;
  if (schema instanceof z.core.$ZodNullable) {
    const inner = describeExpected(schema._zod.def.innerType);
    return inner === undefined ? undefined : `${inner} or null`;
  }
  const inner = wrappedSchema(schema);
  if (inner) return describeExpected(inner);
  if (schema instanceof z.core.$ZodPipe) {
    const { in: input, out } = schema._zod.def;
    return describeExpected(input instanceof z.core.$ZodTransform ? out : input);
  }
  if (schema instanceof z.core.$ZodUnion) return describeAny(schema._zod.def.options);
  if (schema instanceof z.core.$ZodString) return describeString(schema);
  if (schema instanceof z.core.$ZodNumber) return describeNumber(schema);
  if (schema instanceof z.core.$ZodBoolean) return 'a boolean';
  if (schema instanceof z.core.$ZodNull) return 'null';
  if (schema instanceof z.core.$ZodEnum) return oneOf(Object.values(schema._zod.def.entries));
  if (schema instanceof z.core.$ZodLiteral) return oneOf(schema._zod.def.values);
  if (schema instanceof z.core.$ZodArray) return describeArray(schema);
  if (schema instanceof z.core.$ZodTuple)
    return `an array of ${schema._zod.def.items.length} items`;
  if (schema instanceof z.core.$ZodRecord) return describeRecord(schema);
  if (schema instanceof z.core.$ZodObject) return 'an object';
  return undefined;
}

/** What any of `schemas` accepts, joined with "or"; undefined when one of them can't be described. */
export function describeAny(schemas: readonly Schema[]): string | undefined {
  const descriptions = schemas.map(describeExpected);
  if (descriptions.length === 0 || descriptions.some((d) => d === undefined)) return undefined;
  return [...new Set(descriptions)].join(' or ');
}

const givenLimit = 60;

/** A given value as JSON for a message, shortened with "…" past 60 characters. */
export function formatGiven(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > givenLimit ? `${json.slice(0, givenLimit - 1)}…` : json;
}
