import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createTopic,
  kafkaInfo,
  readTopic,
  s3Detail,
  storedKeys,
  storedLines,
  uniqueName,
} from './services.js';
import { missingSeqs, readLines, runApp, tempDir } from './support.js';

const count = 100_000;
let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('100,000 logs through winston, every one delivered', () => {
  it('to flusher_file: logger.end(), then exit on finish (the normal winston exit)', async () => {
    const { dir, remove } = tempDir('exit');
    cleanup = remove;
    const run = await runApp({
      scenario: 'lines',
      count,
      batch: 5_000,
      end: 'end',
      transport: {
        // Rotation on: 1 MiB files, enough of them kept for every line.
        flushers: [
          {
            type: 'flusher_file',
            detail: { FilePath: path.join(dir, 'app.log'), MaxFileSize: 1048576, MaxFiles: 100 },
          },
        ],
      },
    });
    expect(run.report?.event, run.stderr).toBe('finish');
    expect(run.code).toBe(0);
    const seqs = readLines(dir).map((line) => Number((JSON.parse(line) as { seq: string }).seq));
    expect(seqs).toHaveLength(count);
    expect(missingSeqs(seqs, count)).toEqual({ missing: 0, duplicates: 0 });
    expect(run.report!.metrics).toMatchObject({
      written: count,
      delivered: count,
      undelivered: 0,
      dropped: 0,
    });
  });

  it('to flusher_kafka on the real broker: all read back', async () => {
    const topic = uniqueName('winston');
    await createTopic(topic);
    const run = await runApp({
      scenario: 'lines',
      count,
      batch: 5_000,
      transport: {
        flushers: [
          {
            type: 'flusher_kafka',
            detail: { Brokers: [...kafkaInfo().brokers.plaintext], Topic: topic },
          },
        ],
      },
    });
    expect(run.report?.event, run.stderr).toBe('finish');
    expect(run.report!.metrics).toMatchObject({
      written: count,
      delivered: count,
      undelivered: 0,
      dropped: 0,
    });
    const values = await readTopic(topic, count);
    // flusher_kafka's default Convert: custom_single, one message per log.
    const messages = values.map(
      (value) =>
        JSON.parse(value.toString('utf8')) as {
          contents: Record<string, string>;
          tags: Record<string, string>;
          time: number;
        },
    );
    expect(
      missingSeqs(
        messages.map((message) => Number(message.contents.seq)),
        count,
      ),
    ).toEqual({
      missing: 0,
      duplicates: 0,
    });
    expect(messages[0]!.contents.level).toBe('info');
    expect(messages[0]!.contents.message).toMatch(/^line \d+$/);
    expect(messages[0]!.tags).toMatchObject({ pid: String(run.report!.pid) });
  });

  it('to flusher_s3 on the test S3 server: all read back', async () => {
    const prefix = `winston/${uniqueName('t')}/`;
    const run = await runApp({
      scenario: 'lines',
      count,
      batch: 5_000,
      transport: {
        flushers: [{ type: 'flusher_s3', detail: s3Detail(prefix, { MaxEvents: 25_000 }) }],
      },
    });
    expect(run.report?.event, run.stderr).toBe('finish');
    expect(run.report!.metrics).toMatchObject({
      written: count,
      delivered: count,
      undelivered: 0,
      dropped: 0,
    });
    expect(storedKeys(prefix).length).toBeGreaterThanOrEqual(4);
    const seqs = storedLines(prefix).map((line) =>
      Number((JSON.parse(line) as { seq: string }).seq),
    );
    expect(seqs).toHaveLength(count);
    expect(missingSeqs(seqs, count)).toEqual({ missing: 0, duplicates: 0 });
  });
});
