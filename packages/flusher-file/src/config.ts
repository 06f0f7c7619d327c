import path from 'node:path';
import { compileFormatString, duration, z } from '@logflush/core';
import { isInside, staticDirectory } from './paths/file-path-template.js';

export const fileFormats = ['json', 'kv', 'custom_single', 'raw'] as const;
export type FileFormat = (typeof fileFormats)[number];

export const syncPolicies = ['none', 'interval', 'always'] as const;
export type SyncPolicy = (typeof syncPolicies)[number];

export const compressions = ['none', 'gzip', 'zstd'] as const;
export type Compression = (typeof compressions)[number];

/** A permission mode written as octal text ("0644", "640"); the output is the number. */
function octalMode() {
  return z
    .string()
    .regex(/^0?[0-7]{3}$/, 'expected an octal mode such as "0644"')
    .transform((text) => Number.parseInt(text, 8));
}

/** flusher_file's options: LoongCollector's names and defaults first, then what users need beyond it. */
export const configSchema = z
  .object({
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
        "File to write; may contain %{content.KEY}, %{tag.KEY} and %Y %m %d %H %M %S (the log's own time).",
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
    Format: z
      .enum(fileFormats)
      .default('json')
      .describe(
        'Line format: LoongCollector json, iLogtail kv, custom_single, or raw (the RawKey content).',
      ),
    RawKey: z
      .string()
      .min(1)
      .default('content')
      .describe('With Format raw: the content whose value is written as the line.'),
    TimeZone: z
      .enum(['utc', 'local'])
      .default('utc')
      .describe('Zone of %Y %m %d %H %M %S in FilePath.'),
    Compression: z
      .enum(compressions)
      .default('none')
      .describe(
        'Compression of rolled files (app.1.log.gz, app.1.log.zst); the active file is never compressed.',
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
    MaxBufferedBytes: z
      .number()
      .int()
      .positive()
      .default(8388608)
      .describe('Bytes of formatted lines waiting to be written at which isReady turns false.'),
  })
  .superRefine((config, ctx) => {
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
