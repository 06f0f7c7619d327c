import type { Log, LogContent } from '@logflush/core';
import { contentValue, nowTime } from '@logflush/pipeline';

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
  const levelValue = contentValue(level);
  if (levelValue !== undefined) contents.push({ Key: 'level', Value: levelValue });
  const message = contentValue(info.message);
  if (message !== undefined) contents.push({ Key: 'message', Value: message });
  const time = timestampToTime(info.timestamp);
  for (const key in info) {
    if (key === 'level' || key === 'message' || (key === 'timestamp' && time !== undefined))
      continue;
    if (!Object.prototype.hasOwnProperty.call(info, key)) continue;
    const value = contentValue(info[key]);
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
      const cause = contentValue(info.cause);
      if (cause !== undefined) contents.push({ Key: 'cause', Value: cause });
    }
  }
  const { Time, Time_ns } = time ?? nowTime();
  return { Time, Time_ns, Contents: contents };
}
