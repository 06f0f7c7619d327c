import { recordToLog, RecordError } from '@logflush/pipeline';
import type { Log } from '@logflush/core';

/** `dead-letter`: the lines of a flusher's DeadLetter file (what `logflush replay` reads). */
export type LineFormat = 'text' | 'jsonl' | 'dead-letter';

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
  return objectToLog(parseObject(line, lineNumber), lineNumber);
}

/**
 * `dead-letter`: a line of a DeadLetter file, `{"time", "flusher", "destination", "reason",
 * "log": {…}}`; its `log` (a jsonl record: `__time__` and the contents) is the log, read as jsonl.
 */
export function deadLetterLineToLog(line: string, lineNumber: number): Log {
  const { log } = parseObject(line, lineNumber);
  if (typeof log !== 'object' || log === null || Array.isArray(log)) {
    throw new InputLineError(
      lineNumber,
      `expected a dead-letter line with a "log" object, given ${log === undefined ? 'none' : JSON.stringify(log)}`,
    );
  }
  return objectToLog(log as Record<string, unknown>, lineNumber);
}

/** A line of the given format as a log; `now` stamps text lines. */
export function lineToLog(format: LineFormat, line: string, lineNumber: number, now: number): Log {
  if (format === 'text') return textLineToLog(line, now);
  if (format === 'jsonl') return jsonLineToLog(line, lineNumber);
  return deadLetterLineToLog(line, lineNumber);
}

function parseObject(line: string, lineNumber: number): Record<string, unknown> {
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
  return value as Record<string, unknown>;
}

function objectToLog(record: Record<string, unknown>, lineNumber: number): Log {
  try {
    return recordToLog(record);
  } catch (error) {
    if (error instanceof RecordError) throw new InputLineError(lineNumber, error.message);
    throw error;
  }
}
