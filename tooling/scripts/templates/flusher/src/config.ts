import { lineFormatOptions, z } from '@logflush/core';

/**
 * __TYPE__'s options: iLogtail-style PascalCase names, one `.describe()` line each (the README's
 * options table is generated from them by `pnpm docs:options`). An option that means the same in
 * every flusher comes from the kit's fragments in `@logflush/core` (docs/design.md §9.6), with
 * your defaults: `lineFormatOptions`, `compressionOption`, `maxBufferedBytesOption` and, for a
 * flusher that retries, `retryOptions` (see below and the README).
 */
export const configSchema = z.object({
  OutputFile: z
    .string()
    .min(1)
    .describe('File that every log is appended to, one line each (see Format).'),
  ...lineFormatOptions('kv'),
  Sync: z.boolean().default(false).describe('fsync OutputFile after every flush.'),
  // A flusher that retries a failed send takes MaxRetries and Backoff: {Init, Max}
  // (docs/design.md §9.2); import retryOptions from '@logflush/core' and pick its defaults:
  // ...retryOptions({ MaxRetries: 3, Backoff: { Init: '200ms', Max: '10s' } }),
});

export type Flusher__PASCAL__Config = z.output<typeof configSchema>;
export type Flusher__PASCAL__Options = z.input<typeof configSchema>;
