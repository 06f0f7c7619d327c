import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  deadLetterLines,
  deadLetterOption,
  logRecord,
  openDeadLetter,
  type DeadLetterContext,
  type DeadLetterFile,
  type DeadLetterLine,
} from '../../src/kit/dead-letter/index.js';
import type { Log } from '../../src/loggroup/types.js';
import { createMetrics, type FlusherMetrics } from '../../src/metrics.js';

const dirs: string[] = [];
const files: DeadLetterFile[] = [];

afterEach(async () => {
  vi.useRealTimers();
  for (const file of files.splice(0)) await file.close().catch(() => {});
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'logflush-dead-letter-'));
  dirs.push(dir);
  return dir;
}

interface Context extends DeadLetterContext {
  readonly metrics: FlusherMetrics;
  readonly errors: string[];
  readonly warnings: string[];
}

function context(flusher = 'flusher_test'): Context {
  const errors: string[] = [];
  const warnings: string[] = [];
  return {
    flusher,
    metrics: createMetrics(),
    errors,
    warnings,
    logger: {
      debug() {},
      info() {},
      warn: (alarm, message) => warnings.push(`${alarm}: ${message}`),
      error: (alarm, message) => errors.push(`${alarm}: ${message}`),
    },
  };
}

async function open(filePath: string, ctx: Context): Promise<DeadLetterFile> {
  const file = await openDeadLetter({ Path: filePath }, ctx);
  expect(file).toBeDefined();
  files.push(file!);
  return file!;
}

const log = (time: number, contents: Record<string, string>): Log => ({
  Time: time,
  Contents: Object.entries(contents).map(([Key, Value]) => ({ Key, Value })),
});

const seqLogs = (from: number, count: number): Log[] =>
  Array.from({ length: count }, (_, i) => log(1700000000 + from + i, { seq: String(from + i) }));

const readLines = (filePath: string): DeadLetterLine[] =>
  readFileSync(filePath, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as DeadLetterLine);

describe('deadLetterOption', () => {
  const schema = z.object({ ...deadLetterOption() });

  it('decodes {} to DeadLetter.Path "" (off) and keeps a given Path', () => {
    expect(schema.parse({})).toEqual({ DeadLetter: { Path: '' } });
    expect(schema.parse({ DeadLetter: {} })).toEqual({ DeadLetter: { Path: '' } });
    expect(schema.parse({ DeadLetter: { Path: '/var/lib/logflush/dead.jsonl' } })).toEqual({
      DeadLetter: { Path: '/var/lib/logflush/dead.jsonl' },
    });
  });

  it('refuses a Path that is not a string', () => {
    expect(schema.safeParse({ DeadLetter: { Path: 5 } }).success).toBe(false);
  });
});

describe('logRecord', () => {
  it('puts __time__ first, then the contents in order, and drops a content named __time__', () => {
    const record = logRecord(log(1700000001, { b: '2', __time__: '42', a: '1', content: 'hello' }));
    expect(record).toEqual({ __time__: 1700000001, b: '2', a: '1', content: 'hello' });
    expect(Object.keys(record)).toEqual(['__time__', 'b', 'a', 'content']);
  });

  it('keeps a content named __proto__ as a content', () => {
    // fromEntries makes an own property named __proto__ (a literal would set the prototype).
    const record = logRecord(
      log(
        7,
        Object.fromEntries([
          ['__proto__', 'p'],
          ['a', '1'],
        ]),
      ),
    );
    expect(JSON.stringify(record)).toBe('{"__time__":7,"__proto__":"p","a":"1"}');
  });

  it('gives a log without contents as its time alone', () => {
    expect(logRecord({ Time: 0, Contents: [] })).toEqual({ __time__: 0 });
  });

  it('keeps the nanosecond part as __time_ns__ after __time__, and drops a content of that name', () => {
    const record = logRecord({
      Time: 1700000001,
      Time_ns: 123456789,
      Contents: [
        { Key: '__time_ns__', Value: '5' },
        { Key: 'msg', Value: 'm' },
      ],
    });
    expect(JSON.stringify(record)).toBe(
      '{"__time__":1700000001,"__time_ns__":123456789,"msg":"m"}',
    );
    expect(JSON.stringify(logRecord({ Time: 3, Time_ns: 0, Contents: [] }))).toBe(
      '{"__time__":3,"__time_ns__":0}',
    );
  });
});

describe('deadLetterLines', () => {
  const now = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678));

  it('writes one exact JSON line per log, escaped as JSON.stringify does', () => {
    const text = deadLetterLines(
      'flusher_kafka',
      {
        logs: [
          log(1700000000, {
            msg: 'say "hi"\n\tback\\slash',
            __time__: '999',
            名前: 'é ✓ 😀 \u2028',
            ctrl: '\u0001\u001f',
            lone: '\ud800',
          }),
          log(1700000001, {}),
        ],
        reason: 'MESSAGE_TOO_LARGE: "too big"',
        destination: 'topic "app-logs"',
      },
      now,
    );
    const head = String.raw`{"time":"2024-01-02T03:04:05.678Z","flusher":"flusher_kafka","destination":"topic \"app-logs\"","reason":"MESSAGE_TOO_LARGE: \"too big\"","log":`;
    expect(text).toBe(
      head +
        String.raw`{"__time__":1700000000,"msg":"say \"hi\"\n\tback\\slash","名前":"é ✓ 😀 ` +
        '\u2028' +
        String.raw`","ctrl":"\u0001\u001f","lone":"\ud800"}}` +
        '\n' +
        head +
        String.raw`{"__time__":1700000001}}` +
        '\n',
    );
    expect(Buffer.from(text, 'utf8').subarray(0, 9).toString()).toBe('{"time":"');
  });

  it('is empty for no logs', () => {
    expect(deadLetterLines('flusher_x', { logs: [], reason: 'r', destination: 'd' }, now)).toBe('');
  });
});

describe('openDeadLetter', () => {
  it('is undefined when Path is "" (off)', async () => {
    expect(await openDeadLetter({ Path: '' }, context())).toBeUndefined();
  });

  it('creates the file and its folders', async () => {
    const filePath = path.join(tempDir(), 'a', 'b', 'dead.jsonl');
    const file = await open(filePath, context());
    expect(file.path).toBe(filePath);
    expect(readFileSync(filePath, 'utf8')).toBe('');
  });

  it('rejects a Path whose parent is a regular file, naming the option and the path', async () => {
    const parent = path.join(tempDir(), 'not-a-dir');
    writeFileSync(parent, 'x');
    const filePath = path.join(parent, 'dead.jsonl');
    const error = await openDeadLetter({ Path: filePath }, context()).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect(
      error!.message.startsWith(`DeadLetter.Path: cannot open "${filePath}" for appending: `),
    ).toBe(true);
    // The reason behind it follows, and is kept as the cause.
    const cause = error!.cause as NodeJS.ErrnoException;
    expect(cause).toBeInstanceOf(Error);
    expect(error!.message).toBe(
      `DeadLetter.Path: cannot open "${filePath}" for appending: ${cause.message}`,
    );
    expect(['EEXIST', 'ENOTDIR']).toContain(cause.code);
  });
  it('rejects a Path that is a directory', async () => {
    const dir = tempDir();
    await expect(openDeadLetter({ Path: dir }, context())).rejects.toThrow(
      `DeadLetter.Path: cannot open "${dir}" for appending: `,
    );
  });
});

describe('DeadLetterFile', () => {
  it('appends the exact lines of a write, after what the file held', async () => {
    const filePath = path.join(tempDir(), 'dead.jsonl');
    writeFileSync(filePath, 'earlier line\n');
    const ctx = context('flusher_s3');
    const file = await open(filePath, ctx);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(Date.UTC(2025, 5, 30, 23, 59, 59, 1)));
    const written = file.write({
      logs: [log(1, { k: 'v"', 中: '文' }), log(2, { __time__: 'x' })],
      reason: 'NoSuchBucket',
      destination: 's3://bucket/key',
    });
    vi.useRealTimers();
    expect(await written).toBe(true);
    const head = String.raw`{"time":"2025-06-30T23:59:59.001Z","flusher":"flusher_s3","destination":"s3://bucket/key","reason":"NoSuchBucket","log":`;
    expect(readFileSync(filePath)).toEqual(
      Buffer.from(
        'earlier line\n' +
          head +
          String.raw`{"__time__":1,"k":"v\"","中":"文"}}` +
          '\n' +
          head +
          String.raw`{"__time__":2}}` +
          '\n',
        'utf8',
      ),
    );
    expect(ctx.metrics.get('dead_letter_events')).toBe(2);
    expect(ctx.errors).toEqual([]);
  });

  it('lands concurrent writes in call order, resolves each true and counts every log', async () => {
    const filePath = path.join(tempDir(), 'dead.jsonl');
    const ctx = context();
    const file = await open(filePath, ctx);
    const writes: Array<Promise<boolean>> = [];
    let from = 0;
    for (let i = 0; i < 25; i++) {
      const count = (i % 4) + 1;
      writes.push(
        file.write({ logs: seqLogs(from, count), reason: `reason ${i}`, destination: `dest ${i}` }),
      );
      from += count;
    }
    expect(await Promise.all(writes)).toEqual(Array(25).fill(true));
    const lines = readLines(filePath);
    expect(lines.map((line) => line.log.seq)).toEqual(
      Array.from({ length: from }, (_, i) => String(i)),
    );
    expect(lines.map((line) => line.log.__time__)).toEqual(
      Array.from({ length: from }, (_, i) => 1700000000 + i),
    );
    // Each line carries its own write's reason and destination.
    let at = 0;
    for (let i = 0; i < 25; i++) {
      for (let j = 0; j < (i % 4) + 1; j++, at++) {
        expect(lines[at]).toMatchObject({
          flusher: 'flusher_test',
          reason: `reason ${i}`,
          destination: `dest ${i}`,
        });
        expect(lines[at]!.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      }
    }
    expect(ctx.metrics.get('dead_letter_events')).toBe(from);
    expect(ctx.errors).toEqual([]);
  });

  it('resolves a write of no logs true and writes nothing', async () => {
    const filePath = path.join(tempDir(), 'dead.jsonl');
    const ctx = context();
    const file = await open(filePath, ctx);
    expect(await file.write({ logs: [], reason: 'r', destination: 'd' })).toBe(true);
    expect(readFileSync(filePath, 'utf8')).toBe('');
    expect(ctx.metrics.get('dead_letter_events')).toBe(0);
  });

  it('close waits for the writes under way', async () => {
    const filePath = path.join(tempDir(), 'dead.jsonl');
    const ctx = context();
    const file = await openDeadLetter({ Path: filePath }, ctx);
    const first = file!.write({ logs: seqLogs(0, 3), reason: 'r', destination: 'd' });
    const second = file!.write({ logs: seqLogs(3, 2), reason: 'r', destination: 'd' });
    await file!.close();
    expect(await first).toBe(true);
    expect(await second).toBe(true);
    expect(readLines(filePath).map((line) => line.log.seq)).toEqual(['0', '1', '2', '3', '4']);
    expect(ctx.metrics.get('dead_letter_events')).toBe(5);
  });

  it('resolves false and logs DEAD_LETTER_ALARM when the write fails (the file was closed)', async () => {
    const filePath = path.join(tempDir(), 'dead.jsonl');
    const ctx = context('flusher_x');
    const file = await openDeadLetter({ Path: filePath }, ctx);
    await file!.close();
    expect(await file!.write({ logs: seqLogs(0, 2), reason: 'r', destination: 'd' })).toBe(false);
    expect(ctx.errors).toHaveLength(1);
    expect(ctx.errors[0]).toMatch(
      new RegExp(
        `^DEAD_LETTER_ALARM: flusher_x: writing 2 logs to the dead-letter file "${escapeRegExp(filePath)}" failed: .+; they are counted as not delivered$`,
      ),
    );
    expect(ctx.metrics.get('dead_letter_events')).toBe(0);
    expect(readFileSync(filePath, 'utf8')).toBe('');
  });

  it.runIf(existsSync('/dev/full'))(
    'resolves every write of a failed group false with one DEAD_LETTER_ALARM each time (ENOSPC on /dev/full)',
    async () => {
      const ctx = context('flusher_x');
      const file = await open('/dev/full', ctx);
      const writes = [
        file.write({ logs: seqLogs(0, 1), reason: 'r', destination: 'd' }),
        file.write({ logs: seqLogs(1, 2), reason: 'r', destination: 'd' }),
        file.write({ logs: seqLogs(3, 3), reason: 'r', destination: 'd' }),
      ];
      expect(await Promise.all(writes)).toEqual([false, false, false]);
      expect(ctx.errors.length).toBeGreaterThanOrEqual(1);
      for (const error of ctx.errors) {
        expect(error).toMatch(
          /^DEAD_LETTER_ALARM: flusher_x: writing \d+ logs to the dead-letter file "\/dev\/full" failed: .*ENOSPC.*; they are counted as not delivered$/,
        );
      }
      // Every log is named in exactly one alarm.
      const named = ctx.errors.map((error) => Number(/writing (\d+) logs/.exec(error)![1]));
      expect(named.reduce((sum, n) => sum + n, 0)).toBe(6);
      expect(ctx.metrics.get('dead_letter_events')).toBe(0);
      // A later write is tried again, and fails again.
      expect(await file.write({ logs: seqLogs(6, 1), reason: 'r', destination: 'd' })).toBe(false);
    },
  );
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
