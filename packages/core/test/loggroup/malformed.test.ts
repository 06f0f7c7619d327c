import { describe, expect, it } from 'vitest';
import {
  decodeLogGroup,
  decodeLogGroupList,
  LogGroupDecodeError,
} from '../../src/loggroup/index.js';
import { fullGroupBytes, fullGroupFieldsHex, listBytes, listFieldsHex } from './golden.js';
import { hex, seededRandom } from './wire.js';

/** Calls `decode` and returns the LogGroupDecodeError it throws; fails the test on success or on any other error. */
function decodeError(decode: () => unknown): LogGroupDecodeError {
  try {
    decode();
  } catch (err) {
    if (err instanceof LogGroupDecodeError) return err;
    throw new Error(`expected a LogGroupDecodeError, got ${String(err)}`, { cause: err });
  }
  throw new Error('expected a LogGroupDecodeError, but decoding succeeded');
}

/** Byte offsets where a top-level field ends: cutting there leaves a shorter but valid message. */
function fieldEnds(fieldsHex: string[]): Set<number> {
  const ends = new Set<number>([0]);
  let offset = 0;
  for (const field of fieldsHex) ends.add((offset += hex(field).length));
  return ends;
}

describe('truncated input', () => {
  // Protobuf has no end marker: a message cut exactly between two top-level fields is a valid message
  // holding the fields before the cut. Every other cut falls inside a length-delimited field and must
  // be rejected.
  it('rejects a LogGroup cut at any byte inside a field, and reads the fields before a cut between fields', () => {
    const ends = fieldEnds(fullGroupFieldsHex);
    expect([...ends]).toEqual([0, 17, 28, 36, 43, 53, 58, 81, 109]);
    for (let cut = 0; cut < fullGroupBytes.length; cut++) {
      const prefix = fullGroupBytes.subarray(0, cut);
      if (ends.has(cut)) {
        expect(() => decodeLogGroup(prefix), `cut at ${cut}`).not.toThrow();
      } else {
        const err = decodeError(() => decodeLogGroup(prefix));
        expect(err.message, `cut at ${cut}`).toMatch(/^invalid LogGroup: /);
        expect(err.length).toBe(cut);
      }
    }
  });

  it('reads the Logs and Category before a cut after the Category field', () => {
    expect(decodeLogGroup(fullGroupBytes.subarray(0, 36))).toEqual({
      Logs: [
        { Time: 1, Contents: [{ Key: 'k', Value: 'v' }], Values: [], Time_ns: 123456789 },
        { Time: 2, Contents: [], Values: ['x', 'yz'] },
      ],
      Category: 'access',
      LogTags: [],
    });
  });

  it('rejects a LogGroupList cut at any byte inside a group', () => {
    const ends = fieldEnds(listFieldsHex);
    expect([...ends]).toEqual([0, 36, 147]);
    for (let cut = 1; cut < listBytes.length; cut++) {
      if (ends.has(cut)) continue;
      const err = decodeError(() => decodeLogGroupList(listBytes.subarray(0, cut)));
      expect(err.message, `cut at ${cut}`).toMatch(/^invalid LogGroupList: /);
    }
  });
});

describe('malformed input', () => {
  it('rejects the wire types that do not exist (6, 7) and a stray end-group (4)', () => {
    expect(decodeError(() => decodeLogGroup(hex('0f  // field 1, wire type 7'))).message).toBe(
      'invalid LogGroup: invalid wire type 7 at offset 1 (at byte 1 of 1)',
    );
    expect(decodeError(() => decodeLogGroup(hex('0e  // field 1, wire type 6'))).reason).toBe(
      'invalid wire type 6 at offset 1',
    );
    expect(decodeError(() => decodeLogGroup(hex('0c  // field 1, wire type 4'))).reason).toBe(
      'invalid wire type 4 at offset 1',
    );
  });

  it('rejects a bad wire type inside a nested message', () => {
    const err = decodeError(() =>
      decodeLogGroup(hex('0a 03  08 01 0f  // Logs[0]: Time = 1, then wire type 7')),
    );
    expect(err.reason).toBe('invalid wire type 7 at offset 5');
  });

  it('skips a known field sent with another valid wire type, as protobuf does with unknown fields', () => {
    // 10 05 is field 2 (Category) as a varint; 40 01 is field 8, which sls_logs does not define.
    expect(decodeLogGroup(hex('10 05  40 01  1a 01 74  // ..., Topic = "t"'))).toEqual({
      Logs: [],
      Topic: 't',
      LogTags: [],
    });
  });

  it('rejects field number 0', () => {
    expect(decodeError(() => decodeLogGroup(hex('00'))).reason).toBe('illegal tag: field number 0');
  });

  it('rejects a length beyond the end of the input', () => {
    const err = decodeError(() =>
      decodeLogGroup(hex('1a 0a 61 62 63  // Topic (length 10), but only 3 bytes follow')),
    );
    expect(err.message).toBe('invalid LogGroup: index out of range: 2 + 10 > 5 (at byte 2 of 5)');
    expect(err.offset).toBe(2);
  });

  it('rejects a nested message longer than the rest of the input', () => {
    const err = decodeError(() =>
      decodeLogGroup(hex('0a 05 08 01  // Logs[0] (length 5), but only 2 bytes follow')),
    );
    expect(err.reason).toBe(
      'index out of range: a length-delimited field runs past the end of the message that holds it',
    );
  });

  it('rejects a field that runs past the end of the message that holds it', () => {
    // Logs[0] has length 3, but its Contents field claims 4 bytes.
    const err = decodeError(() => decodeLogGroup(hex('0a 03  12 04 0a 00  0a 00 12 00')));
    expect(err.reason).toMatch(/^index out of range/);
  });

  it('rejects a length varint that does not fit in 32 bits and a varint longer than 10 bytes', () => {
    expect(decodeError(() => decodeLogGroup(hex('0a ff ff ff ff 0f'))).reason).toBe(
      'invalid length encoding',
    );
    expect(
      decodeError(() => decodeLogGroup(hex('0a 0c 08 ff ff ff ff ff ff ff ff ff ff 01'))).reason,
    ).toBe('invalid varint encoding');
  });

  it('rejects a missing required field and says in which message', () => {
    expect(decodeError(() => decodeLogGroup(hex('0a 00  // Logs[0] with no Time'))).message).toBe(
      "invalid LogGroup: missing required 'Time' in a Log (at byte 2 of 2)",
    );
    expect(
      decodeError(() => decodeLogGroup(hex('0a 06 08 01 12 02 0a 00  // a Content with no Value')))
        .reason,
    ).toBe("missing required 'Value' in a Log.Content");
    expect(
      decodeError(() => decodeLogGroup(hex('32 02 12 00  // a LogTag with no Key'))).reason,
    ).toBe("missing required 'Key' in a LogTag");
    expect(
      decodeError(() => decodeLogGroupList(hex('0a 02  0a 00  // a group whose Log has no Time')))
        .message,
    ).toMatch(/^invalid LogGroupList: missing required 'Time' in a Log/);
  });

  it('rejects groups nested deeper than the recursion limit instead of overflowing the stack', () => {
    const err = decodeError(() => decodeLogGroup(hex('0b '.repeat(200))));
    expect(err.reason).toBe('max depth exceeded');
  });

  it('rejects a group that is never closed', () => {
    expect(decodeError(() => decodeLogGroup(hex('0b  // start group, field 1'))).reason).toMatch(
      /^index out of range/,
    );
  });

  it('rejects input that is not a Uint8Array with a TypeError', () => {
    expect(() => decodeLogGroup('0a00' as unknown as Uint8Array)).toThrow(
      new TypeError('decodeLogGroup expects a Uint8Array (or Buffer), got string'),
    );
    expect(() => decodeLogGroupList(new ArrayBuffer(2) as unknown as Uint8Array)).toThrow(
      TypeError,
    );
  });

  it('keeps the protobufjs error as the cause', () => {
    const err = decodeError(() => decodeLogGroup(hex('0f')));
    expect(err.cause).toBeInstanceOf(Error);
    expect(err.name).toBe('LogGroupDecodeError');
    expect(err.messageName).toBe('LogGroup');
  });
});

describe('random input', () => {
  /** Decodes and reports only whether it threw a LogGroupDecodeError; any other error fails the test. */
  function rejects(decode: () => unknown): boolean {
    try {
      decode();
      return false;
    } catch (err) {
      if (err instanceof LogGroupDecodeError) return true;
      throw err;
    }
  }

  it('either decodes random bytes or rejects them with LogGroupDecodeError', () => {
    const random = seededRandom(0x5eed);
    let rejected = 0;
    for (let i = 0; i < 3000; i++) {
      const bytes = new Uint8Array(Math.floor(random() * 64));
      for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(random() * 256);
      if (rejects(() => decodeLogGroup(bytes))) rejected++;
      if (rejects(() => decodeLogGroupList(bytes))) rejected++;
    }
    expect(rejected).toBeGreaterThan(3000);
  });

  it('either decodes a golden message with random bytes changed or rejects it with LogGroupDecodeError', () => {
    const random = seededRandom(42);
    for (let i = 0; i < 3000; i++) {
      const bytes = Uint8Array.from(listBytes);
      const changes = 1 + Math.floor(random() * 3);
      for (let c = 0; c < changes; c++)
        bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      rejects(() => decodeLogGroupList(bytes));
    }
  });
});
