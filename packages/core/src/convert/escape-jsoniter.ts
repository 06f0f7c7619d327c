/**
 * JSON string literals exactly as json-iterator/go's `Stream.WriteString` writes them.
 *
 * Reference: github.com/json-iterator/go v1.1.12 (the version in iLogtail's `go.mod`),
 * `stream_str.go` `WriteString` / `writeStringSlowPath`. That method never escapes HTML, whatever
 * the config: `ConfigDefault`'s `EscapeHTML: true` only changes the reflection encoder, not direct
 * stream calls. Used by:
 * - iLogtail `plugins/flusher/stdout/flusher_stdout.go` (the kv format): a
 *   `jsoniter.NewStream(jsoniter.ConfigDefault, …)` fed with `WriteObjectField` / `WriteString`;
 * - iLogtail `pkg/protocol/converter/jsonline.go`: `jsoniter.ConfigFastest` (`EscapeHTML: false`)
 *   encoding `map[string]interface{}`, whose string keys and values go through `WriteString`.
 *
 * Rules: `"` and `\` get a backslash; `\n \r \t` use the short forms; every other byte below 0x20,
 * `\b` and `\f` included, is `\u00XX` in lowercase hex; 0x7F, `<>&`, U+2028/U+2029 and all
 * other bytes are copied as they are (no UTF-8 validation). A JavaScript unpaired surrogate is
 * written as U+FFFD, the bytes Node's UTF-8 encoder would produce for it anyway.
 *
 * `JSON.stringify` agrees except for `\b`, `\f` and unpaired surrogates.
 */

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NEEDS_WORK = /["\\\u0000-\u001f\ud800-\udfff]/;
// Characters where JSON.stringify's output differs from jsoniter's.
const DIFFERS = /[\b\f\ud800-\udfff]/;
const FIX_UP = /\\\\|\\[bf]|\\ud[89a-f][0-9a-f]{2}/g;

function jsoniterFixUp(match: string): string {
  switch (match) {
    case '\\\\':
      return match;
    case '\\b':
      return '\\u0008';
    case '\\f':
      return '\\u000c';
    default:
      return '\ufffd';
  }
}

/** json-iterator/go `Stream.WriteString`: the kv format of flusher_stdout and jsonline. */
export function jsoniterString(s: string): string {
  if (!NEEDS_WORK.test(s)) return '"' + s + '"';
  const json = JSON.stringify(s);
  return DIFFERS.test(s) ? json.replace(FIX_UP, jsoniterFixUp) : json;
}
