import { describe, expect, it } from 'vitest';
import { createConverter, kvLine, kvLines } from '../../src/convert/index.js';
import { group, log } from './build.js';

// Reference: iLogtail plugins/flusher/stdout/flusher_stdout.go Flush (KeyValuePairs), writing with
// a jsoniter Stream: `{`, `"k":"v",` per content in order, `"__time__":"<Time>"`, `}`.
describe('kv format', () => {
  it('writes contents in order, then __time__ as a string, with no spaces', () => {
    expect(
      kvLine(
        log(1700000000, [
          ['b', '2'],
          ['a', '1'],
        ]),
      ),
    ).toBe('{"b":"2","a":"1","__time__":"1700000000"}');
  });

  it('keeps duplicate keys, including one named __time__', () => {
    expect(
      kvLine(
        log(5, [
          ['a', '1'],
          ['__time__', 'mine'],
          ['a', '2'],
        ]),
      ),
    ).toBe('{"a":"1","__time__":"mine","a":"2","__time__":"5"}');
  });

  it('writes only __time__ for a log without contents, and empty strings as ""', () => {
    expect(kvLine(log(0, []))).toBe('{"__time__":"0"}');
    expect(kvLine(log(1, [['', '']]))).toBe('{"":"","__time__":"1"}');
  });

  it('escapes keys and values as jsoniter WriteString: no HTML, \\u0008, U+2028 as is', () => {
    expect(kvLine(log(7, [['k\b<', 'x<y>&"\n\f\u2028é😀\t\\']]))).toBe(
      String.raw`{"k\u0008<":"x<y>&\"\n\u000c` + '\u2028é😀' + String.raw`\t\\","__time__":"7"}`,
    );
  });

  it('leaves the tags and group fields out', () => {
    const g = group([log(3, [['m', 'v']])], [['__hostname__', 'h']], { Topic: 't', Source: 's' });
    expect(kvLines(g)).toEqual(['{"m":"v","__time__":"3"}']);
  });

  it('gives one line per log when logs change their keys within a group', () => {
    const g = group([
      log(1, [
        ['a', '1'],
        ['b', '2'],
      ]),
      log(2, [
        ['a', '3'],
        ['b', '4'],
      ]),
      log(3, [
        ['b', '5'],
        ['a', '6'],
      ]),
      log(4, [['a', '7']]),
      log(5, [
        ['a', '8'],
        ['b', '9'],
        ['c', '10'],
      ]),
    ]);
    expect(kvLines(g)).toEqual([
      '{"a":"1","b":"2","__time__":"1"}',
      '{"a":"3","b":"4","__time__":"2"}',
      '{"b":"5","a":"6","__time__":"3"}',
      '{"a":"7","__time__":"4"}',
      '{"a":"8","b":"9","c":"10","__time__":"5"}',
    ]);
  });

  it('is what createConverter gives for Protocol kv', () => {
    const g = group([log(9, [['x', 'y']])]);
    const converter = createConverter({ protocol: 'kv' });
    expect(converter.convertGroup(g)).toEqual(['{"x":"y","__time__":"9"}']);
    expect(converter.convertLog(g, g.Logs[0]!)).toBe('{"x":"y","__time__":"9"}');
  });

  it('rejects a time that is not a uint32 and a value that is not a string', () => {
    expect(() => kvLine(log(-1, []))).toThrow(/Log\.Time must be a uint32.*-1/);
    expect(() => kvLine(log(1.5, []))).toThrow(/Log\.Time must be a uint32.*1\.5/);
    expect(() => kvLine(log(2 ** 32, []))).toThrow(/Log\.Time must be a uint32/);
    const bad = { Time: 1, Contents: [{ Key: 'k', Value: undefined as unknown as string }] };
    expect(() => kvLine(bad)).toThrow(
      /Log\.Contents\[0\]\.Value must be a string; got undefined \(key "k"\)/,
    );
  });
});
