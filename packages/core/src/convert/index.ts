export { goJsonString, goJsonStringNoHtml } from './escape-go.js';
export { jsoniterString } from './escape-jsoniter.js';
export { rapidJsonString } from './escape-rapidjson.js';
export { compareUtf8 } from './utf8-order.js';
export { kvLine, kvLines } from './kv.js';
export { jsonLine, jsonLines } from './native-json.js';
export { goMarshalLog } from './go-marshal-log.js';
export { lastContentValue } from './content-value.js';
export {
  createConverter,
  convertProtocols,
  ConverterOptionsError,
  type ConverterOptions,
  type ConvertProtocol,
  type ConvertEncoding,
  type LogConverter,
} from './converter.js';
export { GroupFields } from './ilogtail-fields.js';
export { parseFieldRef, lookupField, type FieldRef, type FieldSource } from './field-source.js';
export {
  compileFormatString,
  FormatStringError,
  type FormatString,
  type FormatStringOptions,
} from './format-string.js';
export type { TimeZone } from './format-time.js';
