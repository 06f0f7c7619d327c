/**
 * JSON string literals exactly as Go's `encoding/json` writes them.
 *
 * Reference: Go `src/encoding/json/encode.go` `appendString`, Go ≥ 1.22. The Go module that holds
 * iLogtail's converter (`github.com/alibaba/ilogtail`, repository alibaba/loongcollector) builds
 * with Go 1.23.12 since commit f4643a487 (2025-11-28, `go.mod`: `go 1.23.12`); iLogtail 2.x
 * releases (alibaba/ilogtail `go.mod`: `go 1.19`) predate the Go 1.22 change and wrote `\u0008`
 * and `\u000c` where Go ≥ 1.22 writes `\b` and `\f`. Any JSON reader decodes both alike.
 *
 * Go ≥ 1.22, checked against `go1.26` here:
 * - `"` and `\` get a backslash; `\b \f \n \r \t` use the short forms; every other byte below
 *   0x20 is `\u00XX` in lowercase hex; 0x7F is written as is;
 * - U+2028 and U+2029 become `\u2028` and `\u2029` whatever the HTML setting;
 * - invalid UTF-8 becomes `\ufffd`; a JavaScript string has no invalid bytes, so its equivalent,
 *   an unpaired surrogate, becomes `\ufffd` too;
 * - with HTML escaping (the default of `json.Marshal`) `<` `>` `&` become `\u003c` `\u003e`
 *   `\u0026`; `Encoder.SetEscapeHTML(false)` turns that off;
 * - everything else, non-ASCII included, is written as UTF-8.
 *
 * `JSON.stringify` agrees except for U+2028/U+2029, unpaired surrogates (`\udxxx`) and `<>&`, so
 * it does the work and a replace fixes those up only when a quick test finds one.
 */

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NEEDS_WORK_HTML = /["\\\u0000-\u001f<>&\u2028\u2029\ud800-\udfff]/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NEEDS_WORK = /["\\\u0000-\u001f\u2028\u2029\ud800-\udfff]/;
// Characters where JSON.stringify's output differs from Go's.
const DIFFERS_HTML = /[<>&\u2028\u2029\ud800-\udfff]/;
const DIFFERS = /[\u2028\u2029\ud800-\udfff]/;
// `\\\\` comes first so that an escaped backslash is consumed whole and the scan never starts a
// match on its second character; the other characters never occur inside an escape sequence.
const FIX_UP_HTML = /\\\\|\\ud[89a-f][0-9a-f]{2}|[<>&\u2028\u2029]/g;
const FIX_UP = /\\\\|\\ud[89a-f][0-9a-f]{2}|[\u2028\u2029]/g;

function goFixUp(match: string): string {
  switch (match) {
    case '\\\\':
      return match;
    case '<':
      return '\\u003c';
    case '>':
      return '\\u003e';
    case '&':
      return '\\u0026';
    case '\u2028':
      return '\\u2028';
    case '\u2029':
      return '\\u2029';
    default:
      return '\\ufffd';
  }
}

/** Go `json.Marshal` of a string: HTML characters escaped. */
export function goJsonString(s: string): string {
  if (!NEEDS_WORK_HTML.test(s)) return '"' + s + '"';
  const json = JSON.stringify(s);
  return DIFFERS_HTML.test(s) ? json.replace(FIX_UP_HTML, goFixUp) : json;
}

/** Go `json.Encoder` with `SetEscapeHTML(false)`: as iLogtail's custom_single converters write. */
export function goJsonStringNoHtml(s: string): string {
  if (!NEEDS_WORK.test(s)) return '"' + s + '"';
  const json = JSON.stringify(s);
  return DIFFERS.test(s) ? json.replace(FIX_UP, goFixUp) : json;
}
