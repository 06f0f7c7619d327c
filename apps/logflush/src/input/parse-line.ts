import { recordToLog, RecordError } from '@logflush/pipeline';
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
 * `jsonl`: one JSON object per line, mapped by @logflush/pipeline's record rule (recordToLog):
 * `__time__` (or a number `Time`) becomes Time, every other field a content, non-strings as
 * text or JSON.
 */
export function jsonLineToLog(line: string, lineNumber: number): Log {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new InputLineError(lineNumber, `not valid JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputLineError(
      lineNumber,
      `expected a JSON object, given ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`,
    );
  }
  try {
    return recordToLog(value as Record<string, unknown>);
  } catch (error) {
    if (error instanceof RecordError) throw new InputLineError(lineNumber, error.message);
    throw error;
  }
}
