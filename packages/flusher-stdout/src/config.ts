import { z } from '@logflush/core';

/** flusher_stdout's options: iLogtail's names and defaults, plus DateTimePrefix. */
export const configSchema = z.object({
  OnlyStdout: z.boolean().default(false).describe('Write lines to stdout.'),
  FileName: z
    .string()
    .default('')
    .describe('Write lines to this size-rolled file (used when OnlyStdout is false).'),
  MaxSize: z
    .number()
    .int()
    .positive()
    .default(1048576)
    .describe('Bytes after which FileName is rolled to FileName.1.'),
  MaxRolls: z
    .number()
    .int()
    .positive()
    .default(1)
    .describe('How many rolled files (FileName.1 … FileName.<MaxRolls>) are kept.'),
  KeyValuePairs: z
    .boolean()
    .default(true)
    .describe(
      'true: one flat JSON object of contents and __time__ per log; false: the whole Log as JSON.',
    ),
  Tags: z
    .boolean()
    .default(false)
    .describe('Write a "[LogGroup] topic …, tags […]" header line before each group.'),
  DateTimePrefix: z
    .boolean()
    .default(false)
    .describe('Prefix each line with the local "YYYY-MM-DD HH:MM:SS ", as iLogtail\'s writers do.'),
});

export type FlusherStdoutConfig = z.output<typeof configSchema>;
export type FlusherStdoutOptions = z.input<typeof configSchema>;
