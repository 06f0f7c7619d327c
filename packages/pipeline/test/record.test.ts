import { describe, expect, it } from 'vitest';
import { isLog, recordToLog, RecordError, toLog } from '../dist/index.js';

const pairs = (log: { Contents: Array<{ Key: string; Value: string }> }) =>
  log.Contents.map((c) => [c.Key, c.Value]);

describe('recordToLog', () => {
  it('maps every field to a Content in key order by the one rule', () => {
    const log = recordToLog({
      msg: 'héllo <wörld> & "quotes" \u2028 🚀',
      level: 'info',
      n: 2,
      float: 1.5,
      big: 12345678901234567890n,
      ok: true,
      no: false,
      none: null,
      skipped: undefined,
      nested: { a: { b: [1, 'x', null] }, s: 'ü' },
      list: [1, 2, { c: true }],
      empty: {},
      text: '',
      __time__: 1700000000,
    });
    expect(log.Time).toBe(1700000000);
    expect(log.Time_ns).toBeUndefined();
    expect(pairs(log)).toEqual([
      ['msg', 'héllo <wörld> & "quotes" \u2028 🚀'],
      ['level', 'info'],
      ['n', '2'],
      ['float', '1.5'],
      ['big', '12345678901234567890'],
      ['ok', 'true'],
      ['no', 'false'],
      ['none', 'null'],
      ['nested', '{"a":{"b":[1,"x",null]},"s":"ü"}'],
      ['list', '[1,2,{"c":true}]'],
      ['empty', '{}'],
      ['text', ''],
    ]);
  });

  it('takes __time__ as a decimal string, and a number Time when there is no __time__', () => {
    expect(recordToLog({ __time__: '1700000001', a: 'x' })).toEqual({
      Time: 1700000001,
      Contents: [{ Key: 'a', Value: 'x' }],
    });
    expect(recordToLog({ Time: 1700000002, a: 'x' })).toEqual({
      Time: 1700000002,
      Contents: [{ Key: 'a', Value: 'x' }],
    });
    // With __time__ present, Time is an ordinary field; a string Time is always one.
    expect(pairs(recordToLog({ __time__: 5, Time: 7 }))).toEqual([['Time', '7']]);
    expect(pairs(recordToLog({ Time: 'noon' }))).toEqual([['Time', 'noon']]);
  });

  it('takes __time_ns__ beside __time__ as Time_ns, a number or a decimal string', () => {
    expect(recordToLog({ __time__: 1700000001, __time_ns__: 123456789, a: 'x' })).toEqual({
      Time: 1700000001,
      Time_ns: 123456789,
      Contents: [{ Key: 'a', Value: 'x' }],
    });
    expect(recordToLog({ __time_ns__: '0', __time__: '7' })).toEqual({
      Time: 7,
      Time_ns: 0,
      Contents: [],
    });
    // Without __time__ it is an ordinary field, as Time is beside __time__.
    expect(pairs(recordToLog({ Time: 9, __time_ns__: 5 }))).toEqual([['__time_ns__', '5']]);
    expect(() => recordToLog({ __time__: 1, __time_ns__: 1e9 })).toThrow(
      new RecordError(
        '__time_ns__',
        '__time_ns__ must be nanoseconds (0 … 999999999), given 1000000000',
      ),
    );
    expect(() => recordToLog({ __time__: 1, __time_ns__: 1.5 })).toThrow(RecordError);
  });

  it('stamps a record without a time with now, Time and Time_ns', () => {
    const before = Date.now();
    const log = recordToLog({ a: 1 });
    const after = Date.now();
    const ms = log.Time * 1000 + Math.floor((log.Time_ns ?? -1) / 1e6);
    expect(ms).toBeGreaterThanOrEqual(before - 1);
    expect(ms).toBeLessThanOrEqual(after + 1);
    expect(Number.isInteger(log.Time_ns)).toBe(true);
    expect(log.Time_ns).toBeGreaterThanOrEqual(0);
    expect(log.Time_ns).toBeLessThan(1e9);
  });

  it('rejects a time that is not Unix seconds, naming the field', () => {
    expect(() => recordToLog({ __time__: -5 })).toThrow(
      new RecordError('__time__', '__time__ must be Unix seconds (0 … 4294967295), given -5'),
    );
    expect(() => recordToLog({ __time__: 'soon' })).toThrow(
      '__time__ must be Unix seconds (0 … 4294967295), given "soon"',
    );
    expect(() => recordToLog({ Time: 1.5 })).toThrow(
      'Time must be Unix seconds (0 … 4294967295), given 1.5',
    );
    expect(() => recordToLog({ __time__: 2 ** 32 })).toThrow(RecordError);
  });

  it('writes a cycle as "[Circular]", an Error with its name, message and stack, bigints as text', () => {
    const cyclic: Record<string, unknown> = { n: 1 };
    cyclic.self = cyclic;
    const error = new TypeError('bad <input>');
    error.stack = 'TypeError: bad <input>\n    at x (y.js:1:1)';
    const log = recordToLog({ __time__: 1, cyclic, error, nested: { big: 10n, list: [error] } });
    expect(log.Contents).toEqual([
      { Key: 'cyclic', Value: '{"n":1,"self":"[Circular]"}' },
      {
        Key: 'error',
        Value:
          '{"name":"TypeError","message":"bad <input>","stack":"TypeError: bad <input>\\n    at x (y.js:1:1)"}',
      },
      {
        Key: 'nested',
        Value:
          '{"big":"10","list":[{"name":"TypeError","message":"bad <input>","stack":"TypeError: bad <input>\\n    at x (y.js:1:1)"}]}',
      },
    ]);
  });

  it('passes a ready-made Log through toLog unchanged', () => {
    const log = { Time: 1, Time_ns: 2, Contents: [{ Key: 'k', Value: 'v' }] };
    expect(isLog(log)).toBe(true);
    expect(toLog(log)).toBe(log);
    expect(isLog({ Time: 1, Contents: 'x' })).toBe(false);
    expect(pairs(toLog({ Time: 1, Contents: 'x' }))).toEqual([['Contents', 'x']]);
  });
});
