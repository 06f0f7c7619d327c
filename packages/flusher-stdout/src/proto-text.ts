import type { LogTag } from '@logflush/core';

const encoder = new TextEncoder();

/**
 * A string as gogo/protobuf's text format writes it: byte by byte, `\n` `\r` `\t` `\"` `\\`
 * escaped, printable ASCII as is, every other byte (UTF-8 included) as a 3-digit octal escape.
 */
function protoTextString(value: string): string {
  let out = '"';
  for (const byte of encoder.encode(value)) {
    if (byte === 0x0a) out += '\\n';
    else if (byte === 0x0d) out += '\\r';
    else if (byte === 0x09) out += '\\t';
    else if (byte === 0x22) out += '\\"';
    else if (byte === 0x5c) out += '\\\\';
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return `${out}"`;
}

/**
 * iLogtail prints a group's tags with Go's `%v` of `[]*LogTag`: each tag's CompactTextString
 * (`Key:"k" Value:"v" `, every field followed by a space) joined by spaces inside brackets.
 */
export function formatLogTags(tags: readonly LogTag[]): string {
  return `[${tags.map((tag) => `Key:${protoTextString(tag.Key)} Value:${protoTextString(tag.Value)} `).join(' ')}]`;
}
