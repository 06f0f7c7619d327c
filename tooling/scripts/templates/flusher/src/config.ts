import { z } from '@logflush/core';

/**
 * __TYPE__'s options: iLogtail-style PascalCase names, one `.describe()` line each (the README's
 * options table is generated from them by `pnpm docs:options`).
 */
export const configSchema = z.object({
  OutputFile: z
    .string()
    .min(1)
    .describe('File that every log is appended to, one kv JSON line each.'),
  Sync: z.boolean().default(false).describe('fsync OutputFile after every flush.'),
});

export type Flusher__PASCAL__Config = z.output<typeof configSchema>;
export type Flusher__PASCAL__Options = z.input<typeof configSchema>;
