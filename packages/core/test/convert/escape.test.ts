import { describe, expect, it } from 'vitest';
import {
  goJsonString,
  goJsonStringNoHtml,
  jsoniterString,
  rapidJsonString,
} from '../../src/convert/index.js';

// Every control character class, quote, backslash, DEL, the HTML trio, U+2028/2029, non-ASCII,
// an astral emoji and a BMP noncharacter.
const MIXED = 'a\u0000\u0001\b\t\n\u000b\f\r\u000e\u001a\u001f\u007f"\\<>&\u2028\u2029é😀\uffffz';
const DEL = '\u007f';

describe('goJsonString (Go encoding/json ≥ 1.22, HTML escaping on: encode.go appendString)', () => {
  it('writes plain text between quotes', () => {
    expect(goJsonString('hello world')).toBe('"hello world"');
    expect(goJsonString('')).toBe('""');
  });

  it('escapes controls with \\b \\f \\n \\r \\t short forms, lowercase \\u00xx otherwise, and <>& U+2028 U+2029', () => {
    expect(goJsonString(MIXED)).toBe(
      String.raw`"a\u0000\u0001\b\t\n\u000b\f\r\u000e\u001a\u001f` +
        DEL +
        String.raw`\"\\\u003c\u003e\u0026\u2028\u2029` +
        'é😀\uffffz"',
    );
  });

  it('writes an unpaired surrogate as \\ufffd, as Go does for invalid UTF-8', () => {
    expect(goJsonString('x\ud800y\udc00z\ud83d')).toBe(String.raw`"x\ufffdy\ufffdz\ufffd"`);
  });

  it('leaves escape-like text made of a real backslash alone', () => {
    expect(goJsonString('\\ud800 \\u2028 \\<')).toBe(String.raw`"\\ud800 \\u2028 \\\u003c"`);
  });
});

describe('goJsonStringNoHtml (Go encoding/json Encoder.SetEscapeHTML(false))', () => {
  it('keeps <>& but still escapes U+2028 and U+2029', () => {
    expect(goJsonStringNoHtml(MIXED)).toBe(
      String.raw`"a\u0000\u0001\b\t\n\u000b\f\r\u000e\u001a\u001f` +
        DEL +
        String.raw`\"\\<>&\u2028\u2029` +
        'é😀\uffffz"',
    );
  });

  it('writes plain and empty strings between quotes', () => {
    expect(goJsonStringNoHtml('<a href="x">')).toBe(String.raw`"<a href=\"x\">"`);
    expect(goJsonStringNoHtml('')).toBe('""');
  });

  it('writes an unpaired surrogate as \\ufffd', () => {
    expect(goJsonStringNoHtml('\udfff')).toBe(String.raw`"\ufffd"`);
  });
});

describe('jsoniterString (json-iterator/go v1.1.12 Stream.WriteString, stream_str.go)', () => {
  it('uses short forms only for \\n \\r \\t and writes \\b \\f as \\u0008 \\u000c; no HTML, U+2028 as is', () => {
    expect(jsoniterString(MIXED)).toBe(
      String.raw`"a\u0000\u0001\u0008\t\n\u000b\u000c\r\u000e\u001a\u001f` +
        DEL +
        String.raw`\"\\<>&` +
        '\u2028\u2029é😀\uffffz"',
    );
  });

  it('does not turn an escaped backslash followed by b or f into \\u0008', () => {
    expect(jsoniterString('\\b\\f')).toBe(String.raw`"\\b\\f"`);
    expect(jsoniterString('\\\b')).toBe(String.raw`"\\\u0008"`);
  });

  it('writes an unpaired surrogate as the character U+FFFD', () => {
    expect(jsoniterString('x\ud800y')).toBe('"x\ufffdy"');
  });
});

describe('rapidJsonString (rapidjson v1.1.0 Writer::WriteString, writer.h)', () => {
  it('uses \\b \\t \\n \\f \\r and UPPERCASE \\u00XX; no HTML, U+2028 as is', () => {
    expect(rapidJsonString(MIXED)).toBe(
      String.raw`"a\u0000\u0001\b\t\n\u000B\f\r\u000E\u001A\u001F` +
        DEL +
        String.raw`\"\\<>&` +
        '\u2028\u2029é😀\uffffz"',
    );
  });

  it('keeps hex digits that have no letters and escaped backslashes as they are', () => {
    expect(rapidJsonString('\u0010\u0019\\u000b')).toBe(String.raw`"\u0010\u0019\\u000b"`);
  });

  it('writes an unpaired surrogate as the character U+FFFD', () => {
    expect(rapidJsonString('\udc00!')).toBe('"\ufffd!"');
  });
});
