import { describe, expect, it } from 'vitest';
import { createConverter, jsonLine, jsonLines } from '../../src/convert/index.js';
import { group, log } from './build.js';

// Reference: alibaba/loongcollector core/collection_pipeline/serializer/JsonSerializer.cpp and
// core/unittest/serializer/JsonSerializerUnittest.cpp (which expects, per event,
// {"__machine_uuid__":"machine_uuid","__pack_id__":"pack_id","__source__":"source","__topic__":"topic","__time__":1234567890,"key":"value"}).
describe('json format (LoongCollector native JSON serializer)', () => {
  it('writes sorted tags with the group fields, then __time__ as a number, then contents in order', () => {
    const g = group([log(1234567890, [['key', 'value']])], [['__pack_id__', 'pack_id']], {
      Topic: 'topic',
      Source: 'source',
      MachineUUID: 'machine_uuid',
    });
    expect(jsonLines(g)).toEqual([
      '{"__machine_uuid__":"machine_uuid","__pack_id__":"pack_id","__source__":"source","__topic__":"topic","__time__":1234567890,"key":"value"}',
    ]);
  });

  it('leaves out group fields that are unset or empty', () => {
    const g = group(
      [
        log(1, [
          ['b', '2'],
          ['a', '1'],
        ]),
      ],
      [],
      { Topic: '', Source: undefined },
    );
    expect(jsonLine(g, g.Logs[0]!)).toBe('{"__time__":1,"b":"2","a":"1"}');
  });

  it('sorts tags by UTF-8 bytes and keeps the last of repeated tag keys', () => {
    const tags: [string, string][] = [
      ['b', '1'],
      ['😀', '2'],
      ['\uffff', '3'],
      ['B', '4'],
      ['a', '5'],
      ['b', '6'],
    ];
    const g = group([log(2, [])], tags);
    expect(jsonLines(g)).toEqual(['{"B":"4","a":"5","b":"6","\uffff":"3","😀":"2","__time__":2}']);
  });

  it('lets a set group field override a LogTag of the same name', () => {
    const g = group(
      [log(3, [])],
      [
        ['__topic__', 'from-tag'],
        ['__source__', 'tag-source'],
      ],
      {
        Topic: 'from-field',
      },
    );
    expect(jsonLines(g)).toEqual([
      '{"__source__":"tag-source","__topic__":"from-field","__time__":3}',
    ]);
  });

  it('writes duplicate keys between tags, __time__ and contents as they come', () => {
    const g = group(
      [
        log(4, [
          ['k', 'content'],
          ['__time__', 'x'],
          ['k', 'again'],
        ]),
      ],
      [['k', 'tag']],
    );
    expect(jsonLines(g)).toEqual([
      '{"k":"tag","__time__":4,"k":"content","__time__":"x","k":"again"}',
    ]);
  });

  it('escapes as rapidjson: \\b \\f short, uppercase \\u00XX, no HTML, U+2028 as is, NUL kept', () => {
    const g = group([log(5, [['k<\u001f', '\b\f\u000b&>\u2028\u0000end']])], [['t\n', 'é😀']]);
    expect(jsonLines(g)).toEqual([
      String.raw`{"t\n":"é😀","__time__":5,"k<\u001F":"\b\f\u000B&>` +
        '\u2028' +
        String.raw`\u0000end"}`,
    ]);
  });

  it('still writes a log without contents (LoongCollector would skip it)', () => {
    const g = group([log(6, [])], [['a', 'b']]);
    expect(jsonLines(g)).toEqual(['{"a":"b","__time__":6}']);
  });

  it('gives one line per log across changing keys, via createConverter too', () => {
    const g = group([log(1, [['a', '1']]), log(2, [['b', '2']]), log(3, [['b', '3']])], [], {
      Source: 's',
    });
    const expected = [
      '{"__source__":"s","__time__":1,"a":"1"}',
      '{"__source__":"s","__time__":2,"b":"2"}',
      '{"__source__":"s","__time__":3,"b":"3"}',
    ];
    expect(jsonLines(g)).toEqual(expected);
    expect(createConverter({ protocol: 'json', encoding: 'json' }).convertGroup(g)).toEqual(
      expected,
    );
  });
});
