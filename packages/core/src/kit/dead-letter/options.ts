import { z } from 'zod';

/**
 * `DeadLetter: {Path}`: the file that logs which can never be delivered are appended to, one JSON
 * line each (see openDeadLetter); `logflush replay` sends them again. Unset (`""`): no file, and
 * such logs are counted and reported as not delivered.
 */
export function deadLetterOption() {
  const deadLetter = z.object({
    Path: z
      .string()
      .default('')
      .describe(
        'A file: logs that can never be delivered (rejected for good, retries used up) are appended as JSON lines with the reason, time and destination; "logflush replay" sends them again. Empty: off.',
      ),
  });
  return {
    DeadLetter: deadLetter
      .prefault({})
      .describe(
        'Where undeliverable logs go instead of being lost: {"Path": file}; they still count as not delivered.',
      ),
  };
}

export interface DeadLetterOptions {
  readonly Path: string;
}
