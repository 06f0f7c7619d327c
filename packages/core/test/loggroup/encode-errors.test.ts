import { describe, expect, it } from 'vitest';
import {
  encodeLogGroup,
  encodeLogGroupList,
  LogGroupEncodeError,
} from '../../src/loggroup/index.js';
import type { LogGroup, LogGroupList } from '../../src/loggroup/types.js';

/** Builds a group from loosely typed input, as JavaScript callers or parsed JSON may hand it over. */
function looseGroup(group: Record<string, unknown>): LogGroup {
  return { Logs: [], LogTags: [], ...group };
}

function encodeErrorMessage(encode: () => unknown): string {
  try {
    encode();
  } catch (err) {
    if (err instanceof LogGroupEncodeError) return err.message;
    throw new Error(`expected a LogGroupEncodeError, got ${String(err)}`, { cause: err });
  }
  throw new Error('expected a LogGroupEncodeError, but encoding succeeded');
}

describe('encoding values that do not fit the proto', () => {
  const cases: [string, LogGroup, string][] = [
    [
      'a missing required Value',
      looseGroup({ Logs: [{ Time: 1, Contents: [{ Key: 'a' }] }] }),
      'Logs[0].Contents[0].Value must be a string, got undefined',
    ],
    [
      'a number where a string belongs',
      looseGroup({ Logs: [{ Time: 1, Contents: [{ Key: 5, Value: 'v' }] }] }),
      'Logs[0].Contents[0].Key must be a string, got 5',
    ],
    [
      'a Time in milliseconds',
      looseGroup({
        Logs: [
          { Time: 1, Contents: [] },
          { Time: 1700000000123, Contents: [] },
        ],
      }),
      'Logs[1].Time must be a uint32 (an integer from 0 to 4294967295), got 1700000000123',
    ],
    [
      'a missing Time',
      looseGroup({ Logs: [{ Contents: [] }] }),
      'Logs[0].Time must be a uint32 (an integer from 0 to 4294967295), got undefined',
    ],
    [
      'a fractional Time',
      looseGroup({ Logs: [{ Time: 1.5, Contents: [] }] }),
      'Logs[0].Time must be a uint32 (an integer from 0 to 4294967295), got 1.5',
    ],
    [
      'a negative Time_ns',
      looseGroup({ Logs: [{ Time: 1, Contents: [], Time_ns: -1 }] }),
      'Logs[0].Time_ns must be a uint32 (an integer from 0 to 4294967295), got -1',
    ],
    [
      'a Values entry that is not a string',
      looseGroup({ Logs: [{ Time: 1, Contents: [], Values: ['a', null] }] }),
      'Logs[0].Values[1] must be a string, got null',
    ],
    [
      'Contents that is not an array',
      looseGroup({ Logs: [{ Time: 1, Contents: { Key: 'a', Value: 'b' } }] }),
      'Logs[0].Contents must be an array, got object',
    ],
    [
      'a Log that is not an object',
      looseGroup({ Logs: [null] }),
      'Logs[0] must be an object, got null',
    ],
    ['a Topic that is not a string', looseGroup({ Topic: 42 }), 'Topic must be a string, got 42'],
    [
      'a LogTag without a Key',
      looseGroup({ LogTags: [{ Key: 'a', Value: 'b' }, { Value: 'c' }] }),
      'LogTags[1].Key must be a string, got undefined',
    ],
    [
      'a group that is not an object',
      null as unknown as LogGroup,
      'the value must be an object, got null',
    ],
  ];

  it.each(cases)('rejects %s with the field path', (_name, group, expected) => {
    expect(encodeErrorMessage(() => encodeLogGroup(group))).toBe(
      `cannot encode LogGroup: ${expected}`,
    );
  });

  it('is a TypeError that names the field', () => {
    const group = looseGroup({ Logs: [{ Time: 1, Contents: [{ Key: 'a' }] }] });
    expect(() => encodeLogGroup(group)).toThrow(TypeError);
    try {
      encodeLogGroup(group);
    } catch (err) {
      expect(err).toMatchObject({
        name: 'LogGroupEncodeError',
        path: 'Logs[0].Contents[0].Value',
        messageName: 'LogGroup',
      });
    }
  });

  it('names the group in a LogGroupList', () => {
    const list = {
      logGroupList: [looseGroup({}), looseGroup({ Logs: [{ Time: -5, Contents: [] }] })],
    };
    expect(encodeErrorMessage(() => encodeLogGroupList(list))).toBe(
      'cannot encode LogGroupList: logGroupList[1].Logs[0].Time must be a uint32 (an integer from 0 to 4294967295), got -5',
    );
  });

  it('rejects a LogGroupList whose logGroupList is not an array, or that is not an object', () => {
    const notArray = { logGroupList: 'groups' } as unknown as LogGroupList;
    expect(encodeErrorMessage(() => encodeLogGroupList(notArray))).toBe(
      'cannot encode LogGroupList: logGroupList must be an array, got "groups"',
    );
    expect(encodeErrorMessage(() => encodeLogGroupList(undefined as unknown as LogGroupList))).toBe(
      'cannot encode LogGroupList: the value must be an object, got undefined',
    );
  });
});
