/**
 * JSON string literals as rapidjson's default `Writer` writes them: LoongCollector's native JSON
 * serializer (alibaba/loongcollector `core/collection_pipeline/serializer/JsonSerializer.cpp`,
 * `rapidjson::Writer<rapidjson::StringBuffer>` with the default flags).
 *
 * Reference: Tencent/rapidjson v1.1.0 `include/rapidjson/writer.h` `WriteString` (unchanged on
 * master): the `escape[256]` table escapes `"` and `\`, writes `\b \t \n \f \r` in short form and
 * every other byte below 0x20 as `\u00XX` with UPPERCASE hex digits (`hexDigits` is
 * "0123456789ABCDEF"); 0x7F, `<>&`, U+2028/U+2029 and all other bytes are copied unvalidated
 * (`kWriteValidateEncodingFlag` is off). A JavaScript unpaired surrogate is written as U+FFFD,
 * the bytes Node's UTF-8 encoder would produce for it anyway.
 *
 * One deliberate difference: JsonSerializer.cpp passes `c_str()` pointers, so rapidjson stops at
 * the first NUL and LoongCollector truncates a key or value there. Here NUL is escaped as
 * `\u0000` and nothing is lost.
 *
 * `JSON.stringify` agrees except for the hex case of `\u000B \u000E \u000F \u001A`–`\u001F`
 * and unpaired surrogates.
 */

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NEEDS_WORK = /["\\\u0000-\u001f\ud800-\udfff]/;
// Characters where JSON.stringify's output differs from rapidjson's.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const DIFFERS = /[\u000b\u000e\u000f\u001a-\u001f\ud800-\udfff]/;
const FIX_UP = /\\\\|\\u00(?:0[bef]|1[a-f])|\\ud[89a-f][0-9a-f]{2}/g;

function rapidJsonFixUp(match: string): string {
  if (match === '\\\\') return match;
  if (match.charCodeAt(3) === 0x30 /* '0' */) return '\\u00' + match.slice(4).toUpperCase();
  return '\ufffd';
}

/** rapidjson default `Writer::String`: LoongCollector's json format. */
export function rapidJsonString(s: string): string {
  if (!NEEDS_WORK.test(s)) return '"' + s + '"';
  const json = JSON.stringify(s);
  return DIFFERS.test(s) ? json.replace(FIX_UP, rapidJsonFixUp) : json;
}
