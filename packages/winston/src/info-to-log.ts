import type { Log, LogContent } from '@logflush/core';
import { nowTime } from '@logflush/pipeline';

/** winston's (triple-beam's) key of the level an info was logged at, before any colorize(). */
const LEVEL = Symbol.for('level');

const maxMs = 0xffffffff * 1000 + 999;

/** A `timestamp` field (an ISO or Date.parse-able string, epoch milliseconds or a Date) as Time and Time_ns. */
export function timestampToTime(value: unknown): { Time: number; Time_ns: number } | undefined {
  let ms: number;
  if (typeof value === 'string') ms = Date.parse(value);
  else if (typeof value === 'number') ms = value;
  else if (value instanceof Date) ms = value.getTime();
  else return undefined;
  if (!Number.isFinite(ms) || ms < 0 || ms > maxMs) return undefined;
  const Time = Math.floor(ms / 1000);
  const Time_ns = Math.min(999_999_999, Math.round((ms - Time * 1000) * 1_000_000));
  return { Time, Time_ns };
}

/** An Error as a plain object: name, message, stack, its own enumerable fields and its cause. */
export function errorObject(error: Error): Record<string, unknown> {
  const object: Record<string, unknown> = {
    name: error.name,
    message: error.message,
    stack: error.stack,
  };
  for (const key of Object.keys(error))
    object[key] = (error as unknown as Record<string, unknown>)[key];
  if ('cause' in error && error.cause !== undefined) object.cause = error.cause;
  return object;
}

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return errorObject(value);
  return value;
}

/**
 * A replacer for values with cycles: a value that is its own ancestor becomes "[Circular]" (a value
 * seen twice on different branches is written twice, as JSON.stringify would).
 */
function circularReplacer() {
  const originals: unknown[] = [];
  const holders: unknown[] = [];
  return function (this: unknown, key: string, value: unknown): unknown {
    if (typeof value !== 'object' || value === null) return replacer(key, value);
    // Pop the ancestors that are not on this value's path (`this` is its holder).
    while (holders.length > 0 && holders[holders.length - 1] !== this) {
      holders.pop();
      originals.pop();
    }
    if (originals.includes(value)) return '[Circular]';
    const replaced = replacer(key, value);
    originals.push(value);
    holders.push(replaced);
    return replaced;
  };
}

/** JSON for an object field: Errors with their message and stack, bigints as text, cycles as "[Circular]". */
export function stringify(value: unknown): string | undefined {
  try {
    return JSON.stringify(value, replacer);
  } catch {
    try {
      return JSON.stringify(value, circularReplacer());
    } catch (error) {
      return `[not serializable: ${(error as Error).message}]`;
    }
  }
}

/**
 * A field's value as a Content value, by @logflush/pipeline's record rule (strings as they are,
 * numbers, booleans and bigints as text, null as "null", objects and arrays as JSON), with Errors
 * as JSON objects that keep their message and stack. Undefined: the field is skipped.
 */
export function fieldValue(value: unknown): string | undefined {
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
 * A winston info object as a Log: `level` (winston's level, uncolorized), `message`, then every
 * other own enumerable field in its order, by the record rule (fieldValue). A `timestamp` field
 * that parses as a time (format.timestamp()'s ISO string, epoch milliseconds, a Date) is the Log's
 * Time and Time_ns and not a content; otherwise Time is now and the field stays a content.
 * winston's Symbol keys (level, message, splat) are never contents. An Error logged as the info
 * itself (`logger.error(err)`) keeps its stack.
 */
export function infoToLog(info: Record<string | symbol, unknown>): Log {
  const contents: LogContent[] = [];
  const rawLevel = info[LEVEL];
  const level = typeof rawLevel === 'string' ? rawLevel : info.level;
  const levelValue = fieldValue(level);
  if (levelValue !== undefined) contents.push({ Key: 'level', Value: levelValue });
  const message = fieldValue(info.message);
  if (message !== undefined) contents.push({ Key: 'message', Value: message });
  const time = timestampToTime(info.timestamp);
  for (const key in info) {
    if (key === 'level' || key === 'message' || (key === 'timestamp' && time !== undefined))
      continue;
    if (!Object.prototype.hasOwnProperty.call(info, key)) continue;
    const value = fieldValue(info[key]);
    if (value !== undefined) contents.push({ Key: key, Value: value });
  }
  if (info instanceof Error) {
    // logger.error(err) without format.errors(): the info is the Error, whose stack is not enumerable.
    if (!Object.prototype.propertyIsEnumerable.call(info, 'stack') && info.stack !== undefined)
      contents.push({ Key: 'stack', Value: info.stack });
    if (
      !Object.prototype.propertyIsEnumerable.call(info, 'cause') &&
      'cause' in info &&
      info.cause !== undefined
    ) {
      const cause = fieldValue(info.cause);
      if (cause !== undefined) contents.push({ Key: 'cause', Value: cause });
    }
  }
  const { Time, Time_ns } = time ?? nowTime();
  return { Time, Time_ns, Contents: contents };
}
