import type { Log } from '../../loggroup/types.js';

/** Logs given up on, with why and where they were going. */
export interface DeadLetters {
  readonly logs: readonly Log[];
  /** Why they can never be delivered: the destination's error, or the flusher's own check. */
  readonly reason: string;
  /** Where they were going, e.g. `topic "app-logs"` or `s3://bucket/key`. */
  readonly destination: string;
}

/** One line of a dead-letter file, as `logflush replay` reads it. */
export interface DeadLetterLine {
  /** When the log was given up on (ISO 8601). */
  readonly time: string;
  /** The flusher type that gave up on it. */
  readonly flusher: string;
  readonly destination: string;
  readonly reason: string;
  /** The log as a jsonl record: `__time__` (Unix seconds), `__time_ns__` when set, and its contents. */
  readonly log: Record<string, string | number>;
}

/** A log as a jsonl record (the CLI's jsonl input reads it back as the same contents and time). */
export function logRecord(log: Log): Record<string, string | number> {
  // No prototype: a content named __proto__ is a key like any other.
  const record = Object.create(null) as Record<string, string | number>;
  record.__time__ = log.Time;
  if (log.Time_ns !== undefined) record.__time_ns__ = log.Time_ns;
  for (const { Key, Value } of log.Contents) {
    // A content named __time__ or __time_ns__ would read back as the time: it cannot be kept.
    if (Key !== '__time__' && Key !== '__time_ns__') record[Key] = Value;
  }
  return record;
}

/** The JSON lines (each ending in a newline) of `letters`, given up on at `now`. */
export function deadLetterLines(flusher: string, letters: DeadLetters, now = new Date()): string {
  const time = now.toISOString();
  let text = '';
  for (const log of letters.logs) {
    const line: DeadLetterLine = {
      time,
      flusher,
      destination: letters.destination,
      reason: letters.reason,
      log: logRecord(log),
    };
    text += JSON.stringify(line) + '\n';
  }
  return text;
}
