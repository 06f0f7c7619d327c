import type { Readable } from 'node:stream';

export interface LineBatch {
  lines: string[];
  /** Bytes of input consumed to produce these lines (for progress). */
  bytes: number;
}

/**
 * Splits a byte stream into lines, one batch per chunk read, without a per-line await. A
 * trailing "\r" is removed; a last line without "\n" is still a line.
 */
export async function* readLines(stream: Readable): AsyncGenerator<LineBatch> {
  const decoder = new TextDecoder('utf-8');
  let carry = '';
  for await (const chunk of stream) {
    const buffer = chunk as Buffer;
    const text = carry + decoder.decode(buffer, { stream: true });
    const lines = text.split('\n');
    carry = lines.pop() ?? '';
    yield { lines: lines.map(stripCarriageReturn), bytes: buffer.length };
  }
  const rest = carry + decoder.decode();
  if (rest !== '') yield { lines: [stripCarriageReturn(rest)], bytes: 0 };
}

function stripCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
