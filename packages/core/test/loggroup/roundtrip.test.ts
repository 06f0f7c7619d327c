import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import {
  decodeLogGroup,
  decodeLogGroupList,
  encodeLogGroup,
  encodeLogGroupList,
} from '../../src/loggroup/index.js';
import type { Log, LogGroup } from '../../src/loggroup/types.js';
import { hex, seededRandom } from './wire.js';

const texts = [
  '',
  'GET',
  '/api/v1/users?id=42',
  'x'.repeat(70),
  'é',
  '名前',
  '😀 ok',
  'äöü ß 日本語 😀, long enough for the native decoder',
  'line\nbreak',
  'tab\t"quoted"',
  '\u2028',
];

/** A deterministic group exercising every field: empty, short, long (TextDecoder path) and non-ASCII strings. */
function generatedGroup(logCount: number, seed: number): LogGroup {
  const random = seededRandom(seed);
  const pick = () => texts[Math.floor(random() * texts.length)] ?? '';
  const logs: Log[] = [];
  for (let i = 0; i < logCount; i++) {
    const log: Log = { Time: 1700000000 + i, Contents: [], Values: [] };
    const contentCount = Math.floor(random() * 12);
    for (let c = 0; c < contentCount; c++)
      log.Contents.push({ Key: `key_${c}${pick()}`, Value: pick() });
    if (random() < 0.2) log.Values = [pick(), pick()];
    if (random() < 0.5) log.Time_ns = Math.floor(random() * 1e9);
    logs.push(log);
  }
  return {
    Logs: logs,
    Category: 'category',
    Topic: '日志',
    Source: '192.168.0.1',
    MachineUUID: 'e3a1c5d0-0000-4000-8000-000000000001',
    LogTags: [
      { Key: '__hostname__', Value: 'host-😀' },
      { Key: '__path__', Value: '/var/log/app.log' },
    ],
  };
}

/** Bytes as hex: large byte arrays compare much faster as strings, and a Buffer equals a Uint8Array. */
function hexOf(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** protobufjs' reflection codec for the same .proto: an encoder that shares none of the generated code. */
function reflectionType(name: string): protobuf.Type {
  const source = readFileSync(new URL('../../proto/sls_logs.proto', import.meta.url), 'utf8');
  return protobuf.parse(source, { keepCase: true }).root.lookupType(name);
}

describe('round trips of a larger generated group', () => {
  const group = generatedGroup(200, 7);
  const bytes = encodeLogGroup(group);

  it('decodes to the group that was encoded', () => {
    expect(decodeLogGroup(bytes)).toEqual(group);
  });

  it('re-encodes decoded bytes to the same bytes', () => {
    expect(hexOf(encodeLogGroup(decodeLogGroup(bytes)))).toBe(hexOf(bytes));
  });

  it('writes the same bytes as protobufjs reflection does for the same .proto', () => {
    const reflected = reflectionType('sls_logs.LogGroup');
    expect(hexOf(reflected.encode(group).finish())).toBe(hexOf(bytes));
    expect(reflected.toObject(decodeLogGroup(bytes) as unknown as protobuf.Message)).toEqual(
      reflected.toObject(reflected.decode(bytes)),
    );
  });

  it('round-trips a list of groups', () => {
    const list = { logGroupList: [group, generatedGroup(20, 8), { Logs: [], LogTags: [] }] };
    const listBytes = encodeLogGroupList(list);
    expect(decodeLogGroupList(listBytes)).toEqual(list);
    expect(hexOf(encodeLogGroupList(decodeLogGroupList(listBytes)))).toBe(hexOf(listBytes));
    expect(hexOf(reflectionType('sls_logs.LogGroupList').encode(list).finish())).toBe(
      hexOf(listBytes),
    );
  });
});

describe('strings that are not valid UTF-8', () => {
  // 0xff can never start a UTF-8 sequence. Short and long strings take different decoders.
  it('decode with U+FFFD in place of the bad bytes in a short string', () => {
    const group = decodeLogGroup(
      hex('1a 03 61 ff 62  // Topic (field 3, length 3) = "a", ff, "b"'),
    );
    expect(group.Topic).toBe('a\uFFFDb');
  });

  it('decode with U+FFFD in place of the bad bytes in a long string', () => {
    // Topic (field 3, length 20) = "a" × 10, ff, "b" × 9
    const bytes = hex('1a 14', '61 '.repeat(10), 'ff', '62 '.repeat(9));
    expect(decodeLogGroup(bytes).Topic).toBe(`${'a'.repeat(10)}\uFFFD${'b'.repeat(9)}`);
  });
});
