import { describe, expect, it } from 'vitest';
import winston from 'winston';
import { contentValue } from '@logflush/pipeline';
import { infoToLog, timestampToTime } from '../src/index.js';

const LEVEL = Symbol.for('level');
const MESSAGE = Symbol.for('message');
const SPLAT = Symbol.for('splat');

const contents = (info: Record<string | symbol, unknown>) =>
  Object.fromEntries(infoToLog(info).Contents.map(({ Key, Value }) => [Key, Value]));

describe('infoToLog: a winston info as a Log', () => {
  it('puts level and message first, then the fields in order; Symbol keys are not contents', () => {
    const log = infoToLog({
      zeta: 1,
      level: 'info',
      message: 'hi',
      alpha: 'a',
      [LEVEL]: 'info',
      [MESSAGE]: '{"level":"info"}',
      [SPLAT]: [{ zeta: 1 }],
    });
    expect(log.Contents).toEqual([
      { Key: 'level', Value: 'info' },
      { Key: 'message', Value: 'hi' },
      { Key: 'zeta', Value: '1' },
      { Key: 'alpha', Value: 'a' },
    ]);
  });

  it("takes winston's level, not the colorized one", () => {
    const colorize = winston.format.colorize();
    const info = colorize.transform(
      { level: 'info', message: 'x', [LEVEL]: 'info' },
      { level: true },
    ) as Record<string | symbol, unknown>;
    expect(info.level).not.toBe('info');
    expect(contents(info).level).toBe('info');
  });

  it('maps values by the pipeline rule, errors with their stack, cycles as [Circular]', () => {
    const error = Object.assign(new Error('bad'), { code: 'E1' });
    error.stack = 'Error: bad\n    at x';
    const cyclic: Record<string, unknown> = { name: 'c' };
    cyclic.self = cyclic;
    expect(
      contents({
        level: 'info',
        message: 'm',
        n: 1.5,
        b: false,
        big: 12345678901234567890n,
        none: null,
        skipped: undefined,
        fn: () => 1,
        date: new Date(0),
        nested: { big: 1n, error },
        cyclic,
        shared: { a: [1], b: [1] },
      }),
    ).toEqual({
      level: 'info',
      message: 'm',
      n: '1.5',
      b: 'false',
      big: '12345678901234567890',
      none: 'null',
      date: '"1970-01-01T00:00:00.000Z"',
      nested:
        '{"big":"1","error":{"name":"Error","message":"bad","stack":"Error: bad\\n    at x","code":"E1"}}',
      cyclic: '{"name":"c","self":"[Circular]"}',
      shared: '{"a":[1],"b":[1]}',
    });
    expect(contentValue(error)).toBe(
      '{"name":"Error","message":"bad","stack":"Error: bad\\n    at x","code":"E1"}',
    );
  });

  it('keeps the stack and cause of an Error logged as the info itself (logger.error(err))', () => {
    const error = new Error('top', { cause: new Error('root') });
    error.stack = 'Error: top\n    at y';
    (error.cause as Error).stack = 'Error: root';
    Object.assign(error, { level: 'error', [LEVEL]: 'error' });
    expect(contents(error as unknown as Record<string, unknown>)).toEqual({
      level: 'error',
      message: 'top',
      stack: 'Error: top\n    at y',
      cause: '{"name":"Error","message":"root","stack":"Error: root"}',
    });
  });

  it("takes format.timestamp()'s time as Time and Time_ns; an unparseable one stays a content", () => {
    const info = winston.format.timestamp().transform({ level: 'info', message: 'x' }) as Record<
      string,
      unknown
    >;
    const ms = Date.parse(info.timestamp as string);
    const log = infoToLog(info);
    expect(log.Time).toBe(Math.floor(ms / 1000));
    expect(log.Time_ns).toBe((ms % 1000) * 1_000_000);
    expect(log.Contents.map((content) => content.Key)).toEqual(['level', 'message']);

    expect(timestampToTime('2024-05-06T07:08:09.123Z')).toEqual({
      Time: 1714979289,
      Time_ns: 123_000_000,
    });
    expect(timestampToTime(1714979289123)).toEqual({ Time: 1714979289, Time_ns: 123_000_000 });
    expect(timestampToTime(new Date(1714979289123))).toEqual({
      Time: 1714979289,
      Time_ns: 123_000_000,
    });
    const odd = infoToLog({ level: 'info', message: 'x', timestamp: 'yesterday' });
    expect(odd.Contents.at(-1)).toEqual({ Key: 'timestamp', Value: 'yesterday' });
    expect(Math.abs(odd.Time - Date.now() / 1000)).toBeLessThan(5);
    expect(odd.Time_ns).toBeGreaterThanOrEqual(0);
  });
});
