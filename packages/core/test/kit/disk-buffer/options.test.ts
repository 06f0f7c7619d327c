import { describe, expect, it } from 'vitest';
import {
  bufferOptions,
  configJsonSchema,
  openBuffer,
  parseConfig,
  segmentBytesOf,
  z,
} from '../../../src/index.js';
import { configProblems } from '../../config/config-errors.js';

const schema = z.object({ ...bufferOptions({ MaxBytes: 64 << 20 }) });

const problems = (detail: unknown) => configProblems(schema, detail);

describe('bufferOptions', () => {
  it('decodes to the flusher’s defaults, matching names in any case', () => {
    expect(parseConfig(schema, {})).toEqual({
      Buffer: { Type: 'memory', Path: '', MaxBytes: 64 << 20, WhenFull: 'block' },
    });
    expect(
      parseConfig(schema, {
        buffer: { type: 'disk', path: '/var/lib/x', whenfull: 'drop_newest' },
      }),
    ).toEqual({
      Buffer: { Type: 'disk', Path: '/var/lib/x', MaxBytes: 64 << 20, WhenFull: 'drop_newest' },
    });
    const other = z.object({
      ...bufferOptions({ Type: 'disk', MaxBytes: 1 << 30, WhenFull: 'drop_newest' }),
    });
    expect(parseConfig(other, { Buffer: { Path: 'b' } }).Buffer).toMatchObject({
      Type: 'disk',
      WhenFull: 'drop_newest',
    });
  });

  it('names the option path of every problem', () => {
    expect(problems({ Buffer: { Type: 'disk' } })).toEqual([
      'flushers[0].detail.Buffer.Path: required with Type "disk" (expected the directory of the buffer)',
    ]);
    expect(problems({ Buffer: { Path: '/tmp/b' } })).toEqual([
      'flushers[0].detail.Buffer.Path: applies only with Type "disk", given Type "memory" (add "Type": "disk" to keep the buffer on disk)',
    ]);
    expect(problems({ Buffer: { MaxBytes: 4096, SegmentBytes: 4096 } })).toEqual([
      'flushers[0].detail.Buffer.MaxBytes: expected more than SegmentBytes (4096), given 4096',
    ]);
    expect(problems({ Buffer: { MaxBytes: 1000 } })).toEqual([
      'flushers[0].detail.Buffer.MaxBytes: expected more than SegmentBytes (1024), given 1000',
    ]);
    expect(problems({ Buffer: { Type: 'file', WhenFull: 'drop_oldest' } })).toEqual([
      'flushers[0].detail.Buffer.Type: expected one of "memory", "disk", given "file"',
      'flushers[0].detail.Buffer.WhenFull: expected one of "block", "drop_newest", given "drop_oldest"',
    ]);
    expect(problems({ Buffer: { SegmentBytes: 100 } })[0]).toMatch(
      /^flushers\[0\]\.detail\.Buffer\.SegmentBytes: expected .*1024.*given 100$/,
    );
    expect(problems({ Buffer: { MaxByte: 1 } })[0]).toMatch(
      /^flushers\[0\]\.detail\.Buffer\.MaxByte: unknown option\. Did you mean "MaxBytes"/,
    );
  });

  it('with memoryBound, refuses MaxBytes and WhenFull given with Type "memory", naming that bound', () => {
    const unbuffered = z.object({
      ...bufferOptions({ MaxBytes: 1 << 30, memoryBound: 'MaxBufferedBytes bounds it' }),
    });
    expect(
      configProblems(unbuffered, { Buffer: { MaxBytes: 1 << 20, WhenFull: 'drop_newest' } }),
    ).toEqual([
      'flushers[0].detail.Buffer.MaxBytes: applies only with Type "disk" (MaxBufferedBytes bounds it), given 1048576',
      'flushers[0].detail.Buffer.WhenFull: applies only with Type "disk" (MaxBufferedBytes bounds it), given "drop_newest"',
    ]);
    expect(
      configProblems(unbuffered, {
        Buffer: { Type: 'disk', Path: '/b', MaxBytes: 1 << 20, WhenFull: 'drop_newest' },
      }),
    ).toEqual([]);
    expect(configProblems(unbuffered, { Buffer: { Type: 'memory' } })).toEqual([]);
  });

  it('derives the segment size from MaxBytes when it is not given', () => {
    expect(segmentBytesOf({ MaxBytes: 1 << 30 })).toBe(8 << 20);
    expect(segmentBytesOf({ MaxBytes: 1 << 20 })).toBe(256 << 10);
    expect(segmentBytesOf({ MaxBytes: 2000 })).toBe(1024);
    expect(segmentBytesOf({ MaxBytes: 1 << 30, SegmentBytes: 4096 })).toBe(4096);
  });

  it('is in the JSON Schema with its descriptions', () => {
    const json = JSON.stringify(configJsonSchema(schema));
    expect(json).toContain('"drop_newest"');
    expect(json).toContain('Bytes per segment file');
  });

  it('is checked again by openBuffer for a caller that skips the schema', async () => {
    await expect(
      openBuffer({ Type: 'disk', Path: '', MaxBytes: 10, WhenFull: 'block' }),
    ).rejects.toThrow(
      'Buffer.Path: required with Type "disk" (expected the directory of the buffer); Buffer.MaxBytes: expected more than SegmentBytes (1024), given 10',
    );
  });
});
