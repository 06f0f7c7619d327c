import { z } from 'zod';
import { withChangeNote } from '../config/changed-options.js';
import { duration } from '../config/duration.js';
import { compressionNames, type CompressionName } from './compression.js';
import { lineFormats, type LineFormat } from './line-format.js';

/*
 * Option fragments with one meaning in every flusher: a flusher spreads them into its schema
 * (`z.object({ ...lineFormatOptions(), ...retryOptions({…}) })`) and only picks the defaults.
 */

/** `Format` and `RawContentKey`: how a log becomes a line (see createLineFormatter). */
export function lineFormatOptions(defaultFormat: LineFormat = 'json') {
  return {
    Format: z
      .enum(lineFormats)
      .default(defaultFormat)
      .describe(
        'One line per log: json (LoongCollector), kv (iLogtail flusher_stdout), custom_single (iLogtail converter), or raw (the RawContentKey content).',
      ),
    RawContentKey: z
      .string()
      .min(1)
      .default('content')
      .describe(
        'With Format raw: the content written as the line; a log without it is written as its json line.',
      ),
  };
}

/** `Compression`: one of `names` (default: none, gzip, zstd), with `what` it compresses. */
export function compressionOption<
  const Names extends readonly [string, ...string[]] = typeof compressionNames,
>(defaultName: Names[number], what: string, names: Names = compressionNames as unknown as Names) {
  return z
    .enum(names)
    .default(defaultName as never)
    .describe(`Compression of ${what}: ${names.join(', ')}.`);
}

export type { CompressionName };

export interface RetryDefaults {
  readonly MaxRetries: number;
  /** Durations in input form (`"500ms"`, `"30s"`). */
  readonly Backoff: { readonly Init: string; readonly Max: string };
}

const backoffNote =
  'Backoff is {"Init": …, "Max": …} in every flusher; a single duration such as "500ms" is now {"Init": "500ms"}';

/**
 * `MaxRetries` and `Backoff: {Init, Max}`: retries after the first try of a send that failed with
 * a retryable error, and the jittered exponential wait between them (see withRetries).
 */
export function retryOptions(defaults: RetryDefaults) {
  const backoff = z
    .object({
      Init: duration()
        .prefault(defaults.Backoff.Init)
        .describe('Wait before the first retry; it doubles per retry.'),
      Max: duration().prefault(defaults.Backoff.Max).describe('Longest wait between two tries.'),
    })
    .refine((value) => value.Max >= value.Init, {
      path: ['Max'],
      message: 'expected a duration at least as long as Backoff.Init',
    });
  return {
    MaxRetries: z
      .number()
      .int()
      .nonnegative()
      .default(defaults.MaxRetries)
      .describe(
        'Retries of a send after a retryable error (no answer, timeout, throttling, a full disk); then its logs are reported as not delivered.',
      ),
    Backoff: withChangeNote(
      backoff
        .prefault({})
        .describe(
          'Exponential backoff between retries: Init doubled per retry up to Max, with jitter in [wait/2, wait].',
        ),
      backoffNote,
    ),
  };
}

/** `MaxBufferedBytes`: the bound of the BufferGauge behind `isReady`. */
export function maxBufferedBytesOption(defaultBytes: number, what: string) {
  return z
    .number()
    .int()
    .positive()
    .default(defaultBytes)
    .describe(`isReady is false while this many bytes of ${what} are held.`);
}
