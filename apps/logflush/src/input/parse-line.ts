import type { Log } from '@logflush/core';

export type LineFormat = 'text' | 'jsonl';

/** A line that is not a log of the chosen format: reported, counted, never silently skipped. */
export class InputLineError extends Error {
  constructor(
    readonly lineNumber: number,
    reason: string,
  ) {
    super(`input line ${lineNumber}: ${reason}`);
    this.name = 'InputLineError';
  }
}

/** `text`: the whole line is the content `content`, stamped with the read time. */
export function textLineToLog(line: string, now: number): Log {
  return { Time: now, Contents: [{ Key: 'content', Value: line }] };
}

/**
 * `jsonl`: each field of the object becomes a content (non-string values JSON-encoded);
 * `__time__` (seconds, as a number or a decimal string) becomes Time.
 */
export function jsonLineToLog(line: string, lineNumber: number, now: number): Log {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new InputLineError(lineNumber, `not valid JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputLineError(lineNumber, `expected a JSON object, given ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`);
  }
  const log: Log = { Time: now, Contents: [] };
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    if (key === '__time__') {
      const time = typeof field === 'string' && /^\d+$/.test(field) ? Number(field) : field;
      if (typeof time !== 'number' || !Number.isInteger(time) || time < 0 || time > 0xffffffff) {
        throw new InputLineError(lineNumber, `__time__ must be Unix seconds (0 … 4294967295), given ${JSON.stringify(field)}`);
      }
      log.Time = time;
      continue;
    }
    log.Contents.push({ Key: key, Value: typeof field === 'string' ? field : JSON.stringify(field) });
  }
  return log;
}
