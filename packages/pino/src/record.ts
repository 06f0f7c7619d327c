import type { Log, LogContent } from '@logflush/core';
import { contentValue, nowTime } from '@logflush/pipeline';

/** pino's own levels, for a pino that does not send its config to the transport (before 9.x). */
export const pinoLevels: Readonly<Record<number, string>> = Object.freeze({
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
});

export interface RecordMapping {
  /** `level` as its label (default) or as pino's number. */
  levels?: 'label' | 'number';
  /** Number → label, custom levels included (pino's `levels.labels`); default pino's own. */
  labels?: Readonly<Record<number | string, string>>;
  /** The records' `hostname` and `pid` fields equal to these are not contents (they are the group's tags). */
  omit?: { hostname: string; pid: number };
}

/** Below this a number `time` is Unix seconds (pino.stdTimeFunctions.unixTime), from it epoch ms. */
const msFrom = 1e11;

/** A `time` field as Log Time and Time_ns; undefined when it is not a time. */
export function pinoTime(value: unknown): { Time: number; Time_ns: number } | undefined {
  let ms: number;
  if (typeof value === 'number') ms = value < msFrom ? value * 1000 : value;
  else if (typeof value === 'string') ms = Date.parse(value);
  else return undefined;
  if (!Number.isFinite(ms) || ms < 0 || ms >= 0x100000000 * 1000) return undefined;
  const whole = Math.floor(ms);
  const Time = Math.floor(whole / 1000);
  return { Time, Time_ns: (whole - Time * 1000) * 1_000_000 };
}

/**
 * A function from a parsed pino line to a Log: `time` (epoch ms, Unix seconds or an ISO string)
 * becomes Time and Time_ns (millisecond precision), `level` its label (or pino's number), and
 * every other field a content by the pipeline's rule (strings as they are, numbers and booleans
 * as text, objects and arrays as JSON, `err` with its stack as JSON).
 */
export function pinoRecordMapper(
  mapping: RecordMapping = {},
): (record: Record<string, unknown>) => Log {
  const labels = mapping.labels ?? pinoLevels;
  const asNumber = mapping.levels === 'number';
  const omit = mapping.omit;
  return (record) => {
    const time = pinoTime(record.time);
    const contents: LogContent[] = [];
    for (const key in record) {
      const value = record[key];
      if (key === 'time' && time !== undefined) continue;
      if (key === 'level' && typeof value === 'number') {
        contents.push({
          Key: 'level',
          Value: asNumber ? String(value) : (labels[value] ?? String(value)),
        });
        continue;
      }
      if (omit !== undefined) {
        if (key === 'hostname' && value === omit.hostname) continue;
        if (key === 'pid' && value === omit.pid) continue;
      }
      const text = contentValue(value);
      if (text !== undefined) contents.push({ Key: key, Value: text });
    }
    const { Time, Time_ns } = time ?? nowTime();
    return { Time, Time_ns, Contents: contents };
  };
}
