/**
 * Golden sls_logs messages, written byte by byte from the protobuf wire format:
 * a tag byte is (field number << 3) | wire type (0 varint, 2 length-delimited, 5 fixed32);
 * varints are little-endian groups of 7 bits with the high bit set on all but the last byte;
 * fixed32 is 4 bytes little-endian. Fields come in number order, as iLogtail writes them.
 */
import type { LogGroup, LogGroupList } from '../../src/loggroup/types.js';
import { ascii, hex } from './wire.js';

/** Log { Time: 1700000000, Contents: [level=info, msg=hi] }: 32 bytes. */
export const logWithContentsHex = `
  08 80 e2 cf aa 06           // Time (field 1, varint) = 1700000000 = 0x6553f100
  12 0d                       // Contents[0] (field 2, length 13)
    0a 05 ${ascii('level')}   //   Key (field 1, length 5)
    12 04 ${ascii('info')}    //   Value (field 2, length 4)
  12 09                       // Contents[1] (field 2, length 9)
    0a 03 ${ascii('msg')}
    12 02 ${ascii('hi')}
`;

/** Log { Time: 1, Contents: [k=v], Time_ns: 123456789 }: 15 bytes. */
export const logWithTimeNsHex = `
  08 01                                      // Time = 1
  12 06 0a 01 ${ascii('k')} 12 01 ${ascii('v')}  // Contents[0] (length 6): k = v
  25 15 cd 5b 07                             // Time_ns (field 4, fixed32) = 123456789 = 0x075bcd15, little-endian
`;

/** Log { Time: 2, Values: ['x', 'yz'] }, no Contents: 9 bytes. */
export const logWithValuesHex = `
  08 02                 // Time = 2
  1a 01 ${ascii('x')}   // Values[0] (field 3, length 1)
  1a 02 ${ascii('yz')}  // Values[1] (field 3, length 2)
`;

/** A LogGroup holding only the first Log: 34 bytes. */
export const groupWithOneLogBytes = hex(
  `0a 20  // Logs[0] (field 1, length 32)`,
  logWithContentsHex,
);

export const groupWithOneLog: LogGroup = {
  Logs: [
    {
      Time: 1700000000,
      Contents: [
        { Key: 'level', Value: 'info' },
        { Key: 'msg', Value: 'hi' },
      ],
      Values: [],
    },
  ],
  LogTags: [],
};

/**
 * A LogGroup with every field: two Logs, every optional string, two LogTags: 109 bytes.
 * One entry per top-level field, so that tests know where the field boundaries are.
 */
export const fullGroupFieldsHex = [
  `0a 0f ${logWithTimeNsHex}`, // Logs[0] (field 1, length 15)
  `0a 09 ${logWithValuesHex}`, // Logs[1] (field 1, length 9)
  `12 06 ${ascii('access')}`, // Category (field 2, length 6)
  `1a 05 ${ascii('nginx')}`, // Topic (field 3, length 5)
  `22 08 ${ascii('10.0.0.1')}`, // Source (field 4, length 8)
  `2a 03 ${ascii('m-1')}`, // MachineUUID (field 5, length 3)
  `32 15 0a 0c ${ascii('__hostname__')} 12 05 ${ascii('web-1')}`, // LogTags[0] (field 6, length 21)
  `32 1a 0a 08 ${ascii('__path__')} 12 0e ${ascii('/var/log/a.log')}`, // LogTags[1] (field 6, length 26)
];
export const fullGroupBytes = hex(...fullGroupFieldsHex);

export const fullGroup: LogGroup = {
  Logs: [
    { Time: 1, Contents: [{ Key: 'k', Value: 'v' }], Values: [], Time_ns: 123456789 },
    { Time: 2, Contents: [], Values: ['x', 'yz'] },
  ],
  Category: 'access',
  Topic: 'nginx',
  Source: '10.0.0.1',
  MachineUUID: 'm-1',
  LogTags: [
    { Key: '__hostname__', Value: 'web-1' },
    { Key: '__path__', Value: '/var/log/a.log' },
  ],
};

/** LogGroupList { logGroupList: [groupWithOneLog, fullGroup] }: 2 + 34 + 2 + 109 = 147 bytes. */
export const listFieldsHex = [
  `0a 22  0a 20 ${logWithContentsHex}`, // logGroupList[0] (field 1, length 34): the one-Log group
  `0a 6d ${fullGroupFieldsHex.join('\n')}`, // logGroupList[1] (field 1, length 109): the full group
];
export const listBytes = hex(...listFieldsHex);

export const list: LogGroupList = { logGroupList: [groupWithOneLog, fullGroup] };

/** Non-ASCII text: 3-byte CJK characters, a 4-byte emoji, a 2-byte letter, in short and long strings. */
export const unicodeGroupBytes = hex(`
  0a 14                        // Logs[0] (length 20)
    08 01                      //   Time = 1
    12 10                      //   Contents[0] (length 16)
      0a 06 e5 90 8d e5 89 8d  //     Key = "名前" (U+540D U+524D, 3 bytes each)
      12 06 f0 9f 98 80 c3 a9  //     Value = "😀é" (U+1F600 in 4 bytes, U+00E9 in 2)
  1a 06 e6 97 a5 e5 bf 97      // Topic = "日志"
  22 10                        // Source (length 16): "日志内容😀", long enough for Node's native decoder
    e6 97 a5 e5 bf 97 e5 86 85 e5 ae b9  //   U+65E5 U+5FD7 U+5185 U+5BB9, 3 bytes each
    f0 9f 98 80                          //   U+1F600, 4 bytes
`);

export const unicodeGroup: LogGroup = {
  Logs: [{ Time: 1, Contents: [{ Key: '名前', Value: '😀é' }], Values: [] }],
  Topic: '日志',
  Source: '日志内容😀',
  LogTags: [],
};

/** A 200-byte value: each length needs a two-byte varint (211 = d3 01, 206 = ce 01, 200 = c8 01). */
export const longValueGroupBytes = hex(
  `
  0a d3 01            // Logs[0] (length 211)
    08 01             //   Time = 1
    12 ce 01          //   Contents[0] (length 206)
      0a 01 ${ascii('k')}
      12 c8 01        //     Value (length 200): "x" × 200
`,
  '78'.repeat(200),
);

export const longValueGroup: LogGroup = {
  Logs: [{ Time: 1, Contents: [{ Key: 'k', Value: 'x'.repeat(200) }], Values: [] }],
  LogTags: [],
};
