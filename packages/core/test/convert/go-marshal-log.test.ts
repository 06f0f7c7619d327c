import { describe, expect, it } from 'vitest';
import { goMarshalLog } from '../../src/convert/index.js';

// Reference: iLogtail pkg/protocol/sls_logs.pb.go struct tags of protocol.Log, marshalled by
// json.Marshal in plugins/flusher/stdout/flusher_stdout.go when KeyValuePairs is false.
describe('goMarshalLog', () => {
  it('writes Time, then Contents, values and Time_ns when present, HTML-escaped', () => {
    expect(
      goMarshalLog({
        Time: 5,
        Contents: [
          { Key: 'a<', Value: 'x&y\u2028' },
          { Key: 'b', Value: '' },
        ],
        Values: ['v>'],
        Time_ns: 0,
      }),
    ).toBe(
      String.raw`{"Time":5,"Contents":[{"Key":"a\u003c","Value":"x\u0026y\u2028"},{"Key":"b","Value":""}],"values":["v\u003e"],"Time_ns":0}`,
    );
  });

  it('omits empty Contents and values and an absent Time_ns', () => {
    expect(goMarshalLog({ Time: 6, Contents: [], Values: [] })).toBe('{"Time":6}');
  });

  it('rejects a Time_ns that is not a uint32', () => {
    expect(() => goMarshalLog({ Time: 1, Contents: [], Time_ns: -5 })).toThrow(
      'Log.Time_ns must be a uint32; got -5',
    );
  });
});
