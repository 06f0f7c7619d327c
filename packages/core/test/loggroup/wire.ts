/**
 * Helpers to write protobuf bytes out by hand in tests. Expected bytes are spelled as hex
 * (whitespace ignored) so a reader can check every tag, length and varint against the wire format.
 */

/** Bytes from hex strings; whitespace and `// comments` (to the end of a line) are ignored. */
export function hex(...parts: string[]): Uint8Array {
  const digits = parts
    .join('\n')
    .replace(/\/\/[^\n]*/g, '')
    .replace(/\s+/g, '');
  if (!/^(?:[0-9a-f]{2})*$/i.test(digits))
    throw new Error(`not a sequence of hex bytes: ${digits}`);
  const out = new Uint8Array(digits.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(digits.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** The hex of an ASCII string's bytes, so field text stays readable; non-ASCII text is written out as hex. */
export function ascii(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) throw new Error(`ascii() is for ASCII text only, got ${JSON.stringify(text)}`);
    out += `${code.toString(16).padStart(2, '0')} `;
  }
  return out;
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), for seeded fuzz loops. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
