import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FlushFailedError } from '@logflush/core';
import { createLog, createLogGroup, mockContext } from '@logflush/testkit';
import { plugin } from '../src/index.js';
import { readDeadLetters, runFlusher } from './buffer-support.js';
import {
  listKeys,
  readJsonLines,
  removeTempDirs,
  s3Info,
  serverDetail,
  tempDir,
  uniquePrefix,
} from './helpers.js';

afterEach(removeTempDirs);

const group = createLogGroup({
  logs: [
    createLog({ time: 1_700_000_000, contents: { n: 'a', msg: 'first' } }),
    createLog({ time: 1_700_000_001, contents: { n: 'b', msg: 'second' } }),
  ],
});

/** The `n` contents of the logs under `prefix`, sorted. */
const readNames = async (prefix: string) =>
  (await readJsonLines(prefix)).map((line) => String(line.n)).sort();

const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('DeadLetter: {"Path"}', () => {
  it('with the disk buffer, an object S3 refuses for good goes to the file and leaves the buffer', async () => {
    const prefix = uniquePrefix();
    const dir = tempDir();
    const file = path.join(tempDir(), 'dead', 'dead.jsonl');
    // S3Proxy answers 501 Not Implemented to server-side encryption: final, never retried.
    const detail = {
      ...serverDetail(prefix, {
        ServerSideEncryption: 'AES256',
        KeyFormat: `${prefix}{uuid}{ext}`,
      }),
      Buffer: { Type: 'disk', Path: dir },
      DeadLetter: { Path: file },
    };
    const { context, stopped, flusher } = await runFlusher(detail, [group]);
    const lines = readDeadLetters(file);
    expect(lines).toHaveLength(2);
    const key = lines[0]!.destination.slice(`s3://${s3Info().bucket}/`.length);
    expect(key).toMatch(new RegExp(`^${prefix}[0-9a-f-]{36}\\.jsonl\\.gz$`));
    for (const line of lines) {
      expect(line.time).toMatch(iso);
      expect(line.reason).toMatch(
        new RegExp(
          `^PutObject ${key}: .*does not implement a feature.* \\(NotImplemented, HTTP 501\\)$`,
        ),
      );
    }
    expect(lines.map(({ time: _time, reason: _reason, ...rest }) => rest)).toEqual([
      {
        flusher: 'flusher_s3',
        destination: `s3://${s3Info().bucket}/${key}`,
        log: { __time__: 1_700_000_000, n: 'a', msg: 'first' },
      },
      {
        flusher: 'flusher_s3',
        destination: `s3://${s3Info().bucket}/${key}`,
        log: { __time__: 1_700_000_001, n: 'b', msg: 'second' },
      },
    ]);
    expect(stopped?.message).toBe(
      `flusher_s3: 2 logs not delivered: ${lines[0]!.reason} (2 logs); the logs of objects that could not be uploaded are in the dead-letter file "${file}"`,
    );
    expect(context.metrics.snapshot()).toMatchObject({
      failed_events: 2,
      dead_letter_events: 2,
      out_events: 0,
      retries: 0,
    });
    expect(
      context.lines.filter((line) => line.level === 'error').map((line) => line.message),
    ).toEqual([
      `flusher_s3: object ${key} with 2 logs could not be uploaded: ${lines[0]!.reason}; written to the dead-letter file "${file}"`,
    ]);
    // Given up on, so acknowledged: nothing is left for the next start.
    expect(flusher.backlog?.()).toEqual({ logs: 0, bytes: 0 });
    expect(await listKeys(prefix)).toEqual([]);
    const next = await runFlusher({ ...detail, ServerSideEncryption: undefined });
    expect(next.context.metrics.get('recovered_events')).toBe(0);
    expect(await listKeys(prefix)).toEqual([]);
  });

  it('with the disk buffer, a missing bucket is a warning at init and its objects go to the file', async () => {
    const file = path.join(tempDir(), 'dead.jsonl');
    const { context, stopped } = await runFlusher(
      {
        ...serverDetail(uniquePrefix()),
        Bucket: 'no-such-bucket-here',
        Buffer: { Type: 'disk', Path: tempDir() },
        DeadLetter: { Path: file },
      },
      [group],
    );
    expect(context.lines.find((line) => line.level === 'warn')?.message).toMatch(
      /^flusher_s3: cannot check bucket "no-such-bucket-here": .*\(NoSuchBucket, HTTP 404\); logs are kept in the disk buffer until S3 takes them$/,
    );
    const lines = readDeadLetters(file);
    expect(lines.map((line) => line.log.n)).toEqual(['a', 'b']);
    expect(lines[0]!.destination).toMatch(/^s3:\/\/no-such-bucket-here\/t\//);
    expect(lines[0]!.reason).toMatch(
      /bucket "no-such-bucket-here" does not exist .*\(NoSuchBucket, HTTP 404\)$/,
    );
    expect(stopped?.message).toMatch(/^flusher_s3: 2 logs not delivered: PutObject /);
  });

  it('in memory, an object whose upload failed for good goes to the file too', async () => {
    const prefix = uniquePrefix();
    const file = path.join(tempDir(), 'dead.jsonl');
    const { context, stopped } = await runFlusher(
      { ...serverDetail(prefix, { Tagging: { team: 'web' } }), DeadLetter: { Path: file } },
      [group],
    );
    const lines = readDeadLetters(file);
    expect(lines.map((line) => line.log)).toEqual([
      { __time__: 1_700_000_000, n: 'a', msg: 'first' },
      { __time__: 1_700_000_001, n: 'b', msg: 'second' },
    ]);
    expect(lines[0]!.destination).toMatch(new RegExp(`^s3://${s3Info().bucket}/${prefix}`));
    expect(stopped?.message).toMatch(
      /^flusher_s3: 2 logs not delivered: PutObject .*\(NotImplemented, HTTP 501\) \(2 logs\); the logs of objects that could not be uploaded are in the dead-letter file /,
    );
    expect(context.metrics.snapshot()).toMatchObject({ failed_events: 2, dead_letter_events: 2 });
  });

  it('with the disk buffer, a log larger than a segment is refused by its flush and goes to the file', async () => {
    const prefix = uniquePrefix();
    const file = path.join(tempDir(), 'dead.jsonl');
    const context = mockContext();
    const flusher = plugin.create({
      ...serverDetail(prefix),
      Buffer: { Type: 'disk', Path: tempDir(), SegmentBytes: 1024 },
      DeadLetter: { Path: file },
    });
    await flusher.init(context);
    const big = createLog({ time: 1_700_000_002, contents: { n: 'big', pad: 'x'.repeat(2000) } });
    const error = await flusher
      .flush('p', 'l', 'c', [createLogGroup({ logs: [...group.Logs, big] })])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlushFailedError);
    expect((error as Error).message).toBe(
      `flusher_s3: 1 of 3 logs not delivered: a log larger than a segment of the disk buffer (Buffer.SegmentBytes); not uploaded (1 log); the logs of objects that could not be uploaded are in the dead-letter file "${file}"`,
    );
    await flusher.stop();
    const [line, ...more] = readDeadLetters(file);
    expect(more).toEqual([]);
    expect(line).toMatchObject({
      flusher: 'flusher_s3',
      destination: `s3://${s3Info().bucket}`,
      reason: 'a log larger than a segment of the disk buffer (Buffer.SegmentBytes); not uploaded',
      log: { __time__: 1_700_000_002, n: 'big', pad: 'x'.repeat(2000) },
    });
    expect(await readNames(prefix)).toEqual(['a', 'b']);
    expect(context.metrics.snapshot()).toMatchObject({
      in_events: 3,
      out_events: 2,
      failed_events: 1,
      dead_letter_events: 1,
    });
  });
});
