import { describe, expect, it } from 'vitest';
import {
  decodeLogGroup,
  decodeLogGroupList,
  encodeLogGroup,
  encodeLogGroupList,
} from '../../src/loggroup/index.js';
import type { LogGroup } from '../../src/loggroup/types.js';
import {
  fullGroup,
  fullGroupBytes,
  groupWithOneLog,
  groupWithOneLogBytes,
  list,
  listBytes,
  longValueGroup,
  longValueGroupBytes,
  unicodeGroup,
  unicodeGroupBytes,
} from './golden.js';
import { ascii, hex } from './wire.js';

const groupCases: [string, LogGroup, Uint8Array][] = [
  ['a Log with Time and Contents', groupWithOneLog, groupWithOneLogBytes],
  ['every LogGroup field, Time_ns, Values and LogTags', fullGroup, fullGroupBytes],
  ['non-ASCII strings', unicodeGroup, unicodeGroupBytes],
  ['a 200-byte value with two-byte lengths', longValueGroup, longValueGroupBytes],
];

describe.each(groupCases)('LogGroup golden: %s', (_name, group, bytes) => {
  it('encodes to the hand-written bytes', () => {
    expect(encodeLogGroup(group)).toEqual(bytes);
  });

  it('decodes the hand-written bytes to the expected object', () => {
    expect(decodeLogGroup(bytes)).toEqual(group);
  });

  it('re-encodes decoded bytes to the same bytes', () => {
    expect(encodeLogGroup(decodeLogGroup(bytes))).toEqual(bytes);
  });
});

describe('LogGroupList golden', () => {
  it('encodes to the hand-written bytes', () => {
    expect(listBytes.length).toBe(147);
    expect(encodeLogGroupList(list)).toEqual(listBytes);
  });

  it('decodes the hand-written bytes to the expected object', () => {
    expect(decodeLogGroupList(listBytes)).toEqual(list);
  });

  it('re-encodes decoded bytes to the same bytes', () => {
    expect(encodeLogGroupList(decodeLogGroupList(listBytes))).toEqual(listBytes);
  });

  it('encodes and decodes an empty list as zero bytes', () => {
    expect(encodeLogGroupList({ logGroupList: [] })).toEqual(new Uint8Array(0));
    expect(decodeLogGroupList(new Uint8Array(0))).toEqual({ logGroupList: [] });
  });
});

describe('decoded objects', () => {
  it('leave optional fields that are not on the wire undefined, not 0 or ""', () => {
    const group = decodeLogGroup(groupWithOneLogBytes);
    const log = group.Logs[0];
    expect(log?.Time_ns).toBeUndefined();
    expect(log !== undefined && 'Time_ns' in log).toBe(false);
    for (const field of ['Category', 'Topic', 'Source', 'MachineUUID'] as const) {
      expect(group[field]).toBeUndefined();
      expect(field in group).toBe(false);
    }
  });

  it('keep Time_ns = 0 when it is on the wire', () => {
    const bytes = hex(`
      0a 07        // Logs[0] (length 7)
        08 01      //   Time = 1
        25 00 00 00 00  // Time_ns = 0
    `);
    const log = decodeLogGroup(bytes).Logs[0];
    expect(log?.Time_ns).toBe(0);
    expect(encodeLogGroup(decodeLogGroup(bytes))).toEqual(bytes);
  });

  it('keep a field sent as an empty string as "", so that it is written back', () => {
    const bytes = hex(`1a 00  // Topic = ""`);
    const group = decodeLogGroup(bytes);
    expect(group.Topic).toBe('');
    expect(group).toEqual({ Logs: [], Topic: '', LogTags: [] });
    expect(encodeLogGroup(group)).toEqual(bytes);
  });

  it('have arrays for every repeated field, empty when the wire has none', () => {
    expect(decodeLogGroup(new Uint8Array(0))).toEqual({ Logs: [], LogTags: [] });
    const log = decodeLogGroup(hex('0a 02 08 05  // Logs[0]: Time = 5')).Logs[0];
    expect(log).toEqual({ Time: 5, Contents: [], Values: [] });
  });

  it('serialize to JSON like the plain types', () => {
    const group = decodeLogGroup(fullGroupBytes);
    expect(JSON.parse(JSON.stringify(group))).toEqual(fullGroup);
  });
});

describe('encoding plain objects', () => {
  it('skips optional fields that are undefined or null, and empty repeated fields', () => {
    const group = {
      Logs: [{ Time: 1, Contents: [], Values: [], Time_ns: undefined }],
      Category: undefined,
      Topic: null as unknown as string,
      LogTags: [],
    };
    expect(encodeLogGroup(group)).toEqual(hex('0a 02 08 01  // Logs[0]: Time = 1'));
  });

  it('accepts a Log without the optional Values array', () => {
    expect(
      encodeLogGroup({ Logs: [{ Time: 3, Contents: [{ Key: 'a', Value: '' }] }], LogTags: [] }),
    ).toEqual(
      hex(`
        0a 09                     // Logs[0] (length 9)
          08 03                   //   Time = 3
          12 05 0a 01 ${ascii('a')} 12 00  //   Contents[0]: Key "a", Value ""
      `),
    );
  });

  it('writes the largest uint32 Time and fixed32 Time_ns', () => {
    const bytes = hex(`
      0a 0b                       // Logs[0] (length 11)
        08 ff ff ff ff 0f         //   Time = 4294967295 (five-byte varint)
        25 ff c9 9a 3b            //   Time_ns = 999999999 = 0x3b9ac9ff, little-endian
    `);
    const group: LogGroup = {
      Logs: [{ Time: 4294967295, Contents: [], Values: [], Time_ns: 999999999 }],
      LogTags: [],
    };
    expect(encodeLogGroup(group)).toEqual(bytes);
    expect(decodeLogGroup(bytes)).toEqual(group);
  });
});

describe('buffers', () => {
  it('decodes a Node Buffer that is a slice of a larger allocation', () => {
    const padded = Buffer.concat([
      Buffer.from([0xff, 0xff, 0xff]),
      Buffer.from(fullGroupBytes),
      Buffer.from([0xff]),
    ]);
    const slice = padded.subarray(3, 3 + fullGroupBytes.length);
    expect(slice.byteOffset).not.toBe(0);
    expect(decodeLogGroup(slice)).toEqual(fullGroup);
  });

  it('decodes a Uint8Array view with an offset into its ArrayBuffer', () => {
    const backing = new Uint8Array(fullGroupBytes.length + 8);
    backing.set(fullGroupBytes, 5);
    expect(decodeLogGroup(backing.subarray(5, 5 + fullGroupBytes.length))).toEqual(fullGroup);
  });

  it('returns a plain Uint8Array, equal to any Uint8Array with the same bytes', () => {
    const bytes = encodeLogGroup(groupWithOneLog);
    expect(bytes.constructor).toBe(Uint8Array);
    expect(encodeLogGroupList(list).constructor).toBe(Uint8Array);
  });

  it('returns encoded bytes that later encodes do not overwrite', () => {
    const first = encodeLogGroup(groupWithOneLog);
    const copy = Uint8Array.from(first);
    encodeLogGroup(fullGroup);
    encodeLogGroup(unicodeGroup);
    expect(first).toEqual(copy);
  });
});
