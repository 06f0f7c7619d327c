import { z } from 'zod';
import {
  bufferTypes,
  whenFullModes,
  type BufferOptions,
  type BufferType,
  type WhenFull,
} from './types.js';

const MiB = 1024 * 1024;
/** The smallest SegmentBytes: a segment holds at least one small record. */
export const minSegmentBytes = 1024;
/** The largest derived SegmentBytes (SegmentBytes unset). */
export const defaultSegmentBytes = 8 * MiB;

/**
 * The segment size: `SegmentBytes` when given, else a quarter of MaxBytes, from 1 KiB to 8 MiB
 * (so that the bound is passed by a quarter at most, and a large buffer is not thousands of files).
 */
export function segmentBytesOf(options: Pick<BufferOptions, 'MaxBytes' | 'SegmentBytes'>): number {
  return (
    options.SegmentBytes ??
    Math.min(defaultSegmentBytes, Math.max(minSegmentBytes, Math.floor(options.MaxBytes / 4)))
  );
}

/** What a flusher picks for its `Buffer` option. */
export interface BufferDefaults {
  readonly Type?: BufferType;
  readonly MaxBytes: number;
  readonly WhenFull?: WhenFull;
  /**
   * For a flusher whose `Type: "memory"` uses no buffer at all (a flush resolves on delivery and
   * its own bound holds what waits): what bounds it then, e.g. "with the memory buffer,
   * MaxBufferedBytes bounds …". `MaxBytes` and `WhenFull` given with `memory` are then config
   * errors that say so, rather than options silently ignored.
   */
  readonly memoryBound?: string;
}

/** The problems of a `Buffer` value, as [option, message]; also checked by openBuffer. */
export function bufferProblems(options: BufferOptions): Array<[keyof BufferOptions, string]> {
  const problems: Array<[keyof BufferOptions, string]> = [];
  if (options.Type === 'disk' && options.Path === '') {
    problems.push(['Path', 'required with Type "disk" (expected the directory of the buffer)']);
  }
  if (options.Type === 'memory' && options.Path !== '') {
    problems.push([
      'Path',
      'applies only with Type "disk", given Type "memory" (add "Type": "disk" to keep the buffer on disk)',
    ]);
  }
  const segmentBytes = segmentBytesOf(options);
  if (options.MaxBytes <= segmentBytes) {
    problems.push([
      'MaxBytes',
      `expected more than SegmentBytes (${segmentBytes}), given ${options.MaxBytes}`,
    ]);
  }
  return problems;
}

/**
 * `Buffer: {Type, Path, MaxBytes, SegmentBytes, WhenFull}`: where a flusher keeps what `flush`
 * accepted until it is delivered, and what happens at the bound (see openBuffer). A flusher
 * spreads it into its schema (`z.object({ ...bufferOptions({ MaxBytes: 256 << 20 }) })`) and
 * passes the decoded `Buffer` to openBuffer.
 */
export function bufferOptions(defaults: BufferDefaults) {
  const buffer = z
    .object({
      Type: z
        .enum(bufferTypes)
        .default(defaults.Type ?? 'memory')
        .describe(
          'memory: accepted logs are held in memory until delivered; disk: in segment files under Path, fsynced before flush resolves, and delivered after a restart.',
        ),
      Path: z
        .string()
        .default('')
        .describe('With Type disk (required): the directory of the buffer, one per flusher.'),
      MaxBytes: z
        .number()
        .int()
        .positive()
        .default(defaults.MaxBytes)
        .describe(
          'The bound of the buffer in bytes (records with a 20-byte frame each); at it, WhenFull applies. It is passed by at most one segment.',
        ),
      SegmentBytes: z
        .number()
        .int()
        .min(minSegmentBytes)
        .optional()
        .describe(
          'Bytes per segment file, and the largest record; unset: a quarter of MaxBytes, at most 8 MiB.',
        ),
      WhenFull: z
        .enum(whenFullModes)
        .default(defaults.WhenFull ?? 'block')
        .describe(
          'At MaxBytes: block (isReady is false until records are delivered) or drop_newest (new logs are dropped and counted in dropped_events).',
        ),
    })
    .superRefine((value, context) => {
      const problems = bufferProblems(value);
      if (defaults.memoryBound !== undefined && value.Type === 'memory') {
        const onlyDisk = (given: unknown) =>
          `applies only with Type "disk" (${defaults.memoryBound}), given ${JSON.stringify(given)}`;
        if (value.MaxBytes !== defaults.MaxBytes)
          problems.push(['MaxBytes', onlyDisk(value.MaxBytes)]);
        if (value.WhenFull !== (defaults.WhenFull ?? 'block'))
          problems.push(['WhenFull', onlyDisk(value.WhenFull)]);
      }
      for (const [option, message] of problems) {
        context.addIssue({ code: 'custom', path: [option], message });
      }
    });
  return {
    Buffer: buffer
      .prefault({})
      .describe(
        'Where accepted logs wait for delivery: {"Type": "memory" | "disk", "Path", "MaxBytes", "SegmentBytes", "WhenFull": "block" | "drop_newest"}.',
      ),
  };
}
