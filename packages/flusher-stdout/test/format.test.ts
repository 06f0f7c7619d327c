import { describe, expect, it } from 'vitest';
import { createLog, createLogGroup } from '@logflush/testkit';
import { formatLines, groupHeader } from '../src/format.js';

// Expected bytes below are what iLogtail's plugins/flusher/stdout/flusher_stdout.go writes:
// jsoniter Stream.WriteString for the kv form (json-iterator/go stream_str.go: only `"`, `\`
// and control characters are escaped, `\b` as \u0008 — no HTML escaping, U+2028 raw, whatever
// the config), encoding/json Marshal of protocol.Log otherwise (HTML-safe), and fmt's %v of
// []*LogTag (gogo CompactTextString) in the header.
const log = createLog({
  time: 1700000000,
  contents: [
    ['method', 'GET'],
    ['path', '/a?b=1&c=<2>'],
    ['msg', 'say "hi"\n\ttab\\'],
    ['ctl', '\u0001\u2028é😀'],
  ],
});

describe('kv lines (KeyValuePairs: true)', () => {
  it('writes contents in order, then __time__ as a string, escaped as jsoniter WriteString', () => {
    expect(
      formatLines([createLogGroup({ logs: [log] })], { keyValuePairs: true, tags: false }),
    ).toEqual([
      '{"method":"GET","path":"/a?b=1&c=<2>","msg":"say \\"hi\\"\\n\\ttab\\\\","ctl":"\\u0001\u2028é😀","__time__":"1700000000"}\n',
    ]);
  });

  it('writes \\b and \\f as \\u0008 and \\u000c, as jsoniter does', () => {
    const group = createLogGroup({ logs: [createLog({ time: 1, contents: { k: '\b\f' } })] });
    expect(formatLines([group], { keyValuePairs: true, tags: false })).toEqual([
      '{"k":"\\u0008\\u000c","__time__":"1"}\n',
    ]);
  });

  it('starts every line with the prefix', () => {
    const group = createLogGroup({ logs: [createLog({ time: 1, contents: { k: 'v' } })] });
    expect(
      formatLines([group], { keyValuePairs: true, tags: true }, '2026-01-02 03:04:05 '),
    ).toEqual([
      '2026-01-02 03:04:05 [LogGroup] topic , logstore , logcount 1, tags []\n',
      '2026-01-02 03:04:05 {"k":"v","__time__":"1"}\n',
    ]);
  });

  it('writes only __time__ for a log without contents', () => {
    expect(
      formatLines([createLogGroup({ logs: [createLog({ time: 7, contents: [] })] })], {
        keyValuePairs: true,
        tags: false,
      }),
    ).toEqual(['{"__time__":"7"}\n']);
  });
});

describe('Go json.Marshal of a Log (KeyValuePairs: false)', () => {
  const goJson = (logs: ReturnType<typeof createLog>[]) =>
    formatLines([createLogGroup({ logs })], { keyValuePairs: false, tags: false });

  it('writes Time and Contents as encoding/json does, HTML-safe', () => {
    expect(goJson([createLog({ time: 1, contents: [['a', '<b>&\u2028']] })])).toEqual([
      '{"Time":1,"Contents":[{"Key":"a","Value":"\\u003cb\\u003e\\u0026\\u2028"}]}\n',
    ]);
  });

  it('omits empty Contents and adds values and Time_ns when set', () => {
    const withExtras = { ...createLog({ time: 2, contents: [], timeNs: 5 }), Values: ['x'] };
    expect(goJson([withExtras])).toEqual(['{"Time":2,"values":["x"],"Time_ns":5}\n']);
  });
});

describe('group header (Tags: true)', () => {
  it('prints topic, category, count and tags as gogo compact text', () => {
    const group = createLogGroup({
      logs: [log, log],
      topic: 'app',
      category: 'store',
      tags: [
        { Key: '__hostname__', Value: 'web-1' },
        { Key: 'q', Value: 'a"b\\c\né' },
      ],
    });
    expect(groupHeader(group)).toBe(
      '[LogGroup] topic app, logstore store, logcount 2, tags [Key:"__hostname__" Value:"web-1"  Key:"q" Value:"a\\"b\\\\c\\n\\303\\251" ]',
    );
  });

  it('prints empty fields and [] when the group has none', () => {
    expect(groupHeader(createLogGroup({ logs: [] }))).toBe(
      '[LogGroup] topic , logstore , logcount 0, tags []',
    );
  });

  it('puts the header before the group lines', () => {
    const lines = formatLines(
      [createLogGroup({ logs: [createLog({ time: 3, contents: { k: 'v' } })] })],
      {
        keyValuePairs: true,
        tags: true,
      },
    );
    expect(lines).toEqual([
      '[LogGroup] topic , logstore , logcount 1, tags []\n',
      '{"k":"v","__time__":"3"}\n',
    ]);
  });
});
