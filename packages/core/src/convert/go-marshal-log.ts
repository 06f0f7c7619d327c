import type { Log } from '../loggroup/types.js';
import { goJsonString } from './escape-go.js';
import { timeText } from './line-template.js';

/*
 * Go `json.Marshal(log)` of iLogtail's `protocol.Log` (`pkg/protocol/sls_logs.pb.go`):
 * `Time uint32 json:"Time"`, `Contents []*Log_Content json:"Contents,omitempty"` (each
 * `{"Key":…,"Value":…}`), `Values []string json:"values,omitempty"`,
 * `TimeNs *uint32 json:"Time_ns,omitempty"`. flusher_stdout writes this when KeyValuePairs is
 * false (`plugins/flusher/stdout/flusher_stdout.go`). Strings use `json.Marshal`'s HTML escaping.
 */
export function goMarshalLog(log: Log): string {
  let out = '{"Time":' + timeText(log);
  const contents = log.Contents;
  if (contents.length > 0) {
    out += ',"Contents":[';
    for (let i = 0; i < contents.length; i++) {
      const c = contents[i]!;
      out +=
        (i === 0 ? '{"Key":' : ',{"Key":') +
        goJsonString(c.Key) +
        ',"Value":' +
        goJsonString(c.Value) +
        '}';
    }
    out += ']';
  }
  const values = log.Values;
  if (values !== undefined && values.length > 0) {
    out += ',"values":[' + values.map(goJsonString).join(',') + ']';
  }
  if (log.Time_ns !== undefined) {
    const ns = log.Time_ns;
    if (ns >>> 0 !== ns) throw new TypeError(`Log.Time_ns must be a uint32; got ${String(ns)}`);
    out += ',"Time_ns":' + ns;
  }
  return out + '}';
}
