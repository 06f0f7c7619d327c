import path from 'node:path';
import {
  compileFormatString,
  compressionOption,
  duration,
  lineFormatOptions,
  maxBufferedBytesOption,
  renamedOptions,
  retryOptions,
  z,
  type CompressionName,
  type LineFormat,
} from '@logflush/core';
import { isInside, staticDirectory } from './paths/file-path-template.js';

export type FileFormat = LineFormat;
export type Compression = CompressionName;

export const syncPolicies = ['none', 'interval', 'always'] as const;
export type SyncPolicy = (typeof syncPolicies)[number];

/** A permission mode written as octal text ("0644", "640"); the output is the number. */
function octalMode() {
  return z
    .string()
    .regex(/^0?[0-7]{3}$/, 'expected an octal mode such as "0644"')
    .transform((text) => Number.parseInt(text, 8));
}

/** flusher_file's options: LoongCollector's names and defaults first, then what users need beyond it. */
export const configSchema = renamedOptions(
  z.object({
    FilePath: z
      .string()
      .min(1)
      .superRefine((template, ctx) => {
        try {
          compileFormatString(template, { mode: 'path' });
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
        }
      })
      .describe(
        "File to write; may contain %{content.KEY}, %{tag.KEY} (converted tag names: tag.host.name, tag.log.topic) and %Y %m %d %H %M %S (the log's own time).",
      ),
    BaseDir: z
      .string()
      .default('')
      .describe(
        'Directory every rendered FilePath must stay inside; default: the part of FilePath before the first templated segment.',
      ),
    MaxFileSize: z
      .number()
      .int()
      .nonnegative()
      .default(10485760)
      .describe(
        'Bytes after which the file is rolled (app.log → app.1.log); 0 turns size rotation off.',
      ),
    MaxFiles: z
      .number()
      .int()
      .positive()
      .default(10)
      .describe('How many rolled files (app.1.log … app.N.log) are kept beside the active one.'),
    ...lineFormatOptions('json'),
    TimeZone: z
      .enum(['utc', 'local'])
      .default('utc')
      .describe('Zone of %Y %m %d %H %M %S in FilePath.'),
    Compression: compressionOption(
      'none',
      'rolled files (app.1.log.gz, app.1.log.zst); the active file is never compressed',
    ),
    Sync: z
      .enum(syncPolicies)
      .default('none')
      .describe(
        'fsync policy: none (at rotation, close and stop), interval (every SyncInterval) or always (before each flush resolves).',
      ),
    SyncInterval: duration()
      .refine((ms) => ms > 0, 'expected a duration above 0')
      .prefault('1s')
      .describe('With Sync interval: how often written files are fsynced.'),
    FileMode: octalMode()
      .prefault('0644')
      .describe('Mode of files the flusher creates (octal, umask not applied).'),
    DirMode: octalMode()
      .prefault('0755')
      .describe('Mode of directories the flusher creates (octal, umask not applied).'),
    MaxOpenFiles: z
      .number()
      .int()
      .positive()
      .default(64)
      .describe('Open files kept at most; the least recently written is closed first.'),
    IdleTimeout: duration()
      .prefault('1m')
      .describe(
        'Close a file not written for this long (a time-templated path leaves old files idle); 0 keeps files open.',
      ),
    ...retryOptions({ MaxRetries: 2, Backoff: { Init: '100ms', Max: '1s' } }),
    MaxBufferedBytes: maxBufferedBytesOption(8388608, 'formatted lines waiting to be written'),
  }),
  { RawKey: 'RawContentKey' },
).superRefine((config, ctx) => {
  if (config.BaseDir === '') return;
  const base = path.resolve(config.BaseDir);
  const fixed = path.resolve(staticDirectory(config.FilePath));
  if (fixed !== base && !isInside(base, fixed)) {
    ctx.addIssue({
      code: 'custom',
      path: ['FilePath'],
      message: `FilePath ${JSON.stringify(config.FilePath)} is not inside BaseDir ${JSON.stringify(config.BaseDir)}`,
    });
  }
});

export type FlusherFileConfig = z.output<typeof configSchema>;
export type FlusherFileOptions = z.input<typeof configSchema>;
