import protobuf from 'protobufjs/minimal.js';

type Utf8Slice = (this: Uint8Array, start: number, end: number) => string;

/**
 * Node's native UTF-8 decoder, the one protobufjs' BufferReader calls. It is not in Node's typings
 * but has been on Buffer.prototype in every Node release, and it accepts any Uint8Array.
 */
const nativeUtf8Slice = (Buffer.prototype as unknown as { utf8Slice?: Utf8Slice }).utf8Slice;

/**
 * Below this length protobufjs' JavaScript decoder wins. From this length on, it builds a string
 * from several pieces, which V8 keeps as a rope (a cons string, 13 characters or more) and must
 * flatten when the string is first read, e.g. by the encoder or a converter: the native decoder's
 * flat string is then cheaper overall.
 */
const shortStringBytes = 13;

// Read once: protobufjs' namespace object is large, and a lookup through it on every string costs.
const jsUtf8Read = protobuf.util.utf8.read;

/**
 * A protobufjs Reader over a plain Uint8Array that decodes each string with the faster of the two
 * decoders protobufjs uses: its JavaScript one for short strings, Node's native one for the rest.
 * Measured in tooling/bench on 1,000-log groups: as fast as the plain Reader to decode, and about
 * 15–20% faster than it for decode + encode, because the strings come out flat.
 */
class HybridStringReader extends protobuf.Reader {
  override string(): string {
    const length = this.size();
    const start = this.pos;
    const end = start + length;
    if (end > this.len)
      throw new RangeError(`index out of range: ${start} + ${length} > ${this.len}`);
    this.pos = end;
    return length < shortStringBytes
      ? jsUtf8Read(this.buf, start, end)
      : (nativeUtf8Slice as Utf8Slice).call(this.buf, start, end);
  }
}

/** The fastest reader for `bytes`, which must be a plain Uint8Array (not a Buffer). */
export function createReader(bytes: Uint8Array): protobuf.Reader {
  return nativeUtf8Slice === undefined ? new protobuf.Reader(bytes) : new HybridStringReader(bytes);
}
