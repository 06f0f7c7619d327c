import { decodeLogGroup, LogGroupDecodeError, type LogGroup } from '@logflush/core';

/** The largest single LogGroup accepted from a stream: what the decoder holds at most. */
export const maxGroupBytes = 256 * 1024 * 1024;

/**
 * Decodes a serialized `sls_logs.LogGroupList` as it streams in, group by group: the list is
 * field 1 (`repeated LogGroup logGroupList`), each a length-delimited record, so only the group
 * being read is held. Unknown fields are skipped, as protobuf decoders do. Yields the groups of
 * each chunk read. Malformed or truncated bytes throw LogGroupDecodeError (messageName
 * `LogGroupList`) with the byte offset in the stream; the groups before it have been yielded.
 */
export async function* decodeLogGroupStream(
  chunks: AsyncIterable<Uint8Array>,
): AsyncGenerator<{ groups: LogGroup[]; bytes: number }> {
  let pending: Buffer = Buffer.alloc(0);
  let consumed = 0; // stream offset of pending[0]
  let index = 0;
  const fail = (reason: string, at: number, total: number): never => {
    throw new LogGroupDecodeError('LogGroupList', reason, at, total);
  };
  // Chunks wait here, unjoined, until the group being read is complete (no quadratic joins).
  let parts: Uint8Array[] = [];
  let partsBytes = 0;
  let need = 0;
  for await (const chunk of chunks) {
    parts.push(chunk);
    partsBytes += chunk.length;
    if (pending.length + partsBytes < need) {
      yield { groups: [], bytes: chunk.length };
      continue;
    }
    pending =
      pending.length === 0 && parts.length === 1
        ? Buffer.from(parts[0]!.buffer, parts[0]!.byteOffset, parts[0]!.length)
        : Buffer.concat([pending, ...parts]);
    parts = [];
    partsBytes = 0;
    need = 0;
    const groups: LogGroup[] = [];
    let pos = 0;
    const varintAt = (at: number) => {
      try {
        return readVarint(pending, at);
      } catch (error) {
        return fail((error as Error).message, consumed + at, consumed + pending.length);
      }
    };
    for (;;) {
      const start = pos;
      const tag = varintAt(pos);
      if (tag === undefined) break;
      pos = tag.next;
      const field = Math.floor(tag.value / 8);
      const wireType = tag.value % 8;
      let length: number;
      if (wireType === 0) {
        const skipped = varintAt(pos);
        if (skipped === undefined) {
          pos = start;
          break;
        }
        pos = skipped.next;
        continue;
      } else if (wireType === 1 || wireType === 5) {
        length = wireType === 1 ? 8 : 4;
      } else if (wireType === 2) {
        const size = varintAt(pos);
        if (size === undefined) {
          pos = start;
          break;
        }
        pos = size.next;
        length = size.value;
      } else {
        return fail(
          `invalid wire type ${wireType} at field ${field}`,
          consumed + start,
          consumed + pending.length,
        );
      }
      if (field === 1 && wireType === 2 && length > maxGroupBytes)
        fail(
          `LogGroup ${index} is ${length} bytes, more than the ${maxGroupBytes}-byte limit`,
          consumed + start,
          consumed + pending.length,
        );
      if (pos + length > pending.length) {
        need = pos + length - start;
        pos = start;
        break;
      }
      if (field === 1 && wireType === 2) {
        // A plain Uint8Array view: the codec's fast string reader (no copy).
        const bytes = new Uint8Array(pending.buffer, pending.byteOffset + pos, length);
        try {
          groups.push(decodeLogGroup(bytes));
        } catch (error) {
          if (!(error instanceof LogGroupDecodeError)) throw error;
          fail(
            `in LogGroup ${index}: ${error.reason}`,
            consumed + pos + error.offset,
            consumed + pending.length,
          );
        }
        index++;
      }
      pos += length;
    }
    consumed += pos;
    pending = pending.subarray(pos);
    yield { groups, bytes: chunk.length };
  }
  if (partsBytes > 0) pending = Buffer.concat([pending, ...parts]);
  if (pending.length > 0)
    fail(
      `truncated: the stream ends inside LogGroup ${index} (${pending.length} bytes of it read)`,
      consumed,
      consumed + pending.length,
    );
}

function readVarint(buffer: Buffer, at: number): { value: number; next: number } | undefined {
  let value = 0;
  let multiplier = 1;
  for (let pos = at; pos < buffer.length; pos++) {
    const byte = buffer[pos]!;
    value += (byte & 0x7f) * multiplier;
    if (byte < 0x80) return { value, next: pos + 1 };
    multiplier *= 128;
    if (pos - at >= 9) throw new RangeError('a varint longer than 10 bytes');
  }
  return undefined;
}
