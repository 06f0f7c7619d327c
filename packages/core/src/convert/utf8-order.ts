/**
 * Orders strings by their UTF-8 bytes, which is Unicode code point order: the order Go's
 * `encoding/json` uses for map keys and C++ `std::map<string_view, …>` uses for LoongCollector's
 * tags. JavaScript's default sort compares UTF-16 code units instead, which puts astral
 * characters (surrogate pairs, 0xD800–0xDFFF) before BMP characters 0xE000–0xFFFF.
 */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        // Move 0xE000–0xFFFF below the surrogates, keeping order within each range.
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x - y;
    }
  }
  return a.length - b.length;
}
