import { z } from 'zod';
import { type Schema, wrappedSchema } from './schema-walk.js';

/** What a duration option accepts, as error messages say it. */
export const durationExpectation = 'a duration such as "500ms" or nanoseconds as a number';

const nanosecondsPerUnit: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 micro sign
  μs: 1_000n, // U+03BC Greek mu, which Go accepts too
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const component = String.raw`(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h)`;
/** Go's `time.ParseDuration` syntax without negative values: "0", or numbers each with a unit. */
const durationPattern = new RegExp(`^\\+?(?:0|(?:${component})+)$`);
const componentPattern = /(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/g;

/** Milliseconds in a duration string that matches `durationPattern` (fractions of a nanosecond are dropped, as Go does). */
function durationStringToMilliseconds(text: string): number {
  let nanoseconds = 0n;
  for (const [, whole = '', fraction = '', unit = ''] of text.matchAll(componentPattern)) {
    const perUnit = nanosecondsPerUnit[unit] ?? 0n;
    nanoseconds += BigInt(whole || '0') * perUnit;
    if (fraction) nanoseconds += (BigInt(fraction) * perUnit) / 10n ** BigInt(fraction.length);
  }
  return Number(nanoseconds) / 1e6;
}

const durationSchemas = z.registry<{ duration: true }>();

/**
 * A duration option. It accepts iLogtail's form, a number of nanoseconds (an integer ≥ 0), and
 * Go duration strings (`time.ParseDuration` syntax) such as "500ms", "30s", "1m30s", "2h",
 * "100us" / "100µs", "10ns"; it outputs **milliseconds** as a number, fractional when the
 * duration is not a whole number of milliseconds ("100us" is 0.1).
 *
 * A default goes in the input form with `.prefault('30s')`: zod's `.default()` takes an output
 * value (milliseconds) that the JSON Schema cannot show, since the JSON Schema describes input.
 */
export function duration() {
  const schema = z
    .union([
      z.number().int().nonnegative().describe('nanoseconds'),
      z
        .string()
        .regex(durationPattern)
        .describe(
          'a duration such as "500ms", "30s", "1m30s" or "2h" (units: ns, us, ms, s, m, h)',
        ),
    ])
    .transform((value) =>
      typeof value === 'number' ? value / 1e6 : durationStringToMilliseconds(value),
    );
  durationSchemas.add(schema, { duration: true });
  return schema;
}

/** Whether `schema` is a `duration()` (possibly wrapped in default, optional, …). */
export function isDuration(schema: Schema): boolean {
  for (let s: Schema | undefined = schema; s; s = wrappedSchema(s)) {
    if (durationSchemas.get(s)?.duration) return true;
  }
  return false;
}
