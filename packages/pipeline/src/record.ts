import type { Log, LogContent } from '@logflush/core';
import { stringify } from './json-value.js';

/** A record that cannot become a Log (a `__time__` or `Time` that is not Unix seconds). */
export class RecordError extends TypeError {
  constructor(
    /** The field at fault. */
    readonly key: string,
    message: string,
  ) {
    super(message);
    this.name = 'RecordError';
  }
}

const maxSeconds = 0xffffffff;
const maxNanos = 999_999_999;

// Wall-clock time with nanosecond digits: Date.now() anchors process.hrtime, re-anchored every
// second so that the clock follows the system's (NTP) adjustments.
let anchorMs = Date.now();
let anchorHr = process.hrtime.bigint();

/** Now as Unix seconds and the nanosecond part (Log `Time` and `Time_ns`). */
export function nowTime(): { Time: number; Time_ns: number } {
  let elapsed = process.hrtime.bigint() - anchorHr;
  if (elapsed >= 1_000_000_000n || elapsed < 0n) {
    anchorMs = Date.now();
    anchorHr = process.hrtime.bigint();
    elapsed = 0n;
  }
  const nanos = BigInt(anchorMs) * 1_000_000n + elapsed;
  return { Time: Number(nanos / 1_000_000_000n), Time_ns: Number(nanos % 1_000_000_000n) };
}

/** Whether `value` is a ready-made Log: a number `Time` and a `Contents` array. */
export function isLog(value: unknown): value is Log {
  const candidate = value as Partial<Log> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.Time === 'number' &&
    Array.isArray(candidate.Contents)
  );
}

/** A whole number in 0 … max (a decimal string too when allowDigits), or RecordError naming `what`. */
function wholeNumber(
  key: string,
  value: unknown,
  allowDigits: boolean,
  max: number,
  what: string,
): number {
  const time =
    allowDigits && typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof time !== 'number' || !Number.isInteger(time) || time < 0 || time > max) {
    throw new RecordError(
      key,
      `${key} must be ${what} (0 … ${max}), given ${JSON.stringify(value) ?? String(value)}`,
    );
  }
  return time;
}

function seconds(key: string, value: unknown, allowDigits: boolean): number {
  return wholeNumber(key, value, allowDigits, maxSeconds, 'Unix seconds');
}

/**
 * A field's value as a content value; undefined when the field is skipped. Objects and arrays are
 * JSON, with Errors as `{name, message, stack, …}`, bigints as text and a cycle as "[Circular]",
 * so that no value makes a record fail (json-value.ts).
 */
export function contentValue(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    default:
      if (value === null) return 'null';
      return stringify(value);
  }
}

/**
 * A plain record as a Log, by the one rule (README "Records"): `__time__` (Unix seconds, a number
 * or a decimal string) or else a number `Time` becomes Time; with `__time__`, a `__time_ns__`
 * (0 … 999999999, a number or a decimal string) becomes Time_ns; without either time, Time and
 * Time_ns are now. Every other field becomes a Content in key order: strings as they are,
 * numbers, booleans and bigints as text (String), null as "null", objects and arrays JSON-encoded
 * (see contentValue); undefined, functions and symbols are skipped. Throws RecordError for a bad
 * time.
 */
export function recordToLog(record: Record<string, unknown>): Log {
  let timeKey: string | undefined;
  let time: number | undefined;
  let nanosKey: string | undefined;
  let nanos: number | undefined;
  if (Object.hasOwn(record, '__time__')) {
    timeKey = '__time__';
    time = seconds('__time__', record.__time__, true);
    if (Object.hasOwn(record, '__time_ns__')) {
      nanosKey = '__time_ns__';
      nanos = wholeNumber(nanosKey, record.__time_ns__, true, maxNanos, 'nanoseconds');
    }
  } else if (typeof record.Time === 'number') {
    timeKey = 'Time';
    time = seconds('Time', record.Time, false);
  }
  const contents: LogContent[] = [];
  for (const key in record) {
    if (key === timeKey || key === nanosKey || !Object.hasOwn(record, key)) continue;
    const value = contentValue(record[key]);
    if (value !== undefined) contents.push({ Key: key, Value: value });
  }
  if (time === undefined) return { ...nowTime(), Contents: contents };
  if (nanos === undefined) return { Time: time, Contents: contents };
  return { Time: time, Time_ns: nanos, Contents: contents };
}

/** What `Pipeline.write` takes, as a Log: a ready-made Log as it is, a record by `recordToLog`. */
export function toLog(entry: Record<string, unknown> | Log): Log {
  return isLog(entry) ? entry : recordToLog(entry);
}
