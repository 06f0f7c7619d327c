import protobuf from 'protobufjs/minimal.js';
import { sls_logs } from '../generated/sls_logs.js';
import { LogGroupDecodeError, LogGroupEncodeError, type LogGroupMessageName } from './errors.js';
import type { LogGroup, LogGroupList } from './types.js';
import { createReader } from './reader.js';
import { findEncodeProblem, findListEncodeProblem } from './validate.js';

/*
 * Encode/decode iLogtail's sls_logs messages with the static code that scripts/generate-codec.mjs
 * generates from proto/sls_logs.proto.
 *
 * What a decoded object looks like (it is a generated message instance, shaped like the plain types):
 * - required fields (Time, Key, Value) are always set: bytes without them are rejected;
 * - repeated fields (Logs, Contents, Values, LogTags, logGroupList) are always arrays, empty when
 *   the wire has none;
 * - an optional field (Time_ns, Category, Topic, Source, MachineUUID) is present exactly when it
 *   is on the wire, and reads as undefined otherwise. A field sent as an empty string stays "",
 *   so re-encoding writes it back, and the converters' rule "a non-empty string is set" holds.
 * Their own keys are in a different order from a hand-built object (a Log's arrays come before
 * Time), so code that needs an order (converters) must write fields explicitly, not spread them.
 * Re-encoding decoded bytes gives the same bytes whenever they were written the canonical way
 * (fields in number order, as iLogtail's Go and C++ encoders write them). Fields unknown to
 * sls_logs.proto are skipped, and strings that are not valid UTF-8 decode with U+FFFD in place of
 * the bad bytes, so neither of those survives a round trip.
 */

// The generated classes keep proto2 defaults on their prototypes (Time_ns = 0, Category = "", ...),
// so an absent optional field would read as 0 or "". Without them it reads as undefined, like the
// plain types. The generated encoder only writes optional fields that are own properties, so this
// changes nothing on the wire.
for (const field of ['Time_ns']) Reflect.deleteProperty(sls_logs.Log.prototype, field);
for (const field of ['Category', 'Topic', 'Source', 'MachineUUID']) {
  Reflect.deleteProperty(sls_logs.LogGroup.prototype, field);
}

const messageLabels = new Map<unknown, string>([
  [sls_logs.Log, 'Log'],
  [sls_logs.Log.Content, 'Log.Content'],
  [sls_logs.LogTag, 'LogTag'],
]);

/**
 * protobufjs' reason, made clearer where it is terse: which message lacks a required field
 * (LogTag and Log.Content both have Key and Value), and what a bare "index out of range" means.
 */
function describeReason(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (err.message === 'index out of range') {
    return 'index out of range: a length-delimited field runs past the end of the message that holds it';
  }
  const instance: unknown = (err as { instance?: unknown }).instance;
  const label =
    instance === null || typeof instance !== 'object'
      ? undefined
      : messageLabels.get(instance.constructor);
  return label === undefined ? err.message : `${err.message} in a ${label}`;
}

/**
 * Decoding reads a Buffer through a plain Uint8Array view of the same memory: protobufjs then uses
 * its own short-string decoder (docs/design.md §4: faster than slicing a Buffer), see ./reader.ts.
 */
function readerFor(bytes: Uint8Array, caller: string): protobuf.Reader {
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(
      `${caller} expects a Uint8Array (or Buffer), got ${bytes === null ? 'null' : typeof bytes}`,
    );
  }
  const view =
    bytes.constructor === Uint8Array
      ? bytes
      : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return createReader(view);
}

function decodeWith<T>(
  messageName: LogGroupMessageName,
  reader: protobuf.Reader,
  decode: (r: protobuf.Reader) => T,
): T {
  try {
    return decode(reader);
  } catch (err) {
    const length = reader.buf.length;
    throw new LogGroupDecodeError(
      messageName,
      describeReason(err),
      Math.min(reader.pos, length),
      length,
      { cause: err },
    );
  }
}

/**
 * Measured (tooling/bench): BufferWriter encodes faster than the plain Writer in Node: it sizes
 * strings with the native Buffer.byteLength and allocates the result without zero-filling it.
 * Its result is a Buffer; callers get a plain Uint8Array over the same memory, as the signature
 * says, so results compare equal to any other Uint8Array with the same bytes
 * (`Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)` turns it back without a copy).
 */
function finish(writer: protobuf.Writer): Uint8Array {
  const bytes = writer.finish();
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function newWriter(): protobuf.Writer {
  return new protobuf.BufferWriter();
}

/** Decodes one serialized `sls_logs.LogGroup`. Throws LogGroupDecodeError on bad bytes. */
export function decodeLogGroup(bytes: Uint8Array): LogGroup {
  const reader = readerFor(bytes, 'decodeLogGroup');
  // The generated types mark optional fields as always present; the prototype change above and
  // the decoder's required-field checks make the instance match the plain LogGroup type.
  return decodeWith('LogGroup', reader, (r) => sls_logs.LogGroup.decode(r) as LogGroup);
}

/** Decodes one serialized `sls_logs.LogGroupList`. Throws LogGroupDecodeError on bad bytes. */
export function decodeLogGroupList(bytes: Uint8Array): LogGroupList {
  const reader = readerFor(bytes, 'decodeLogGroupList');
  return decodeWith('LogGroupList', reader, (r) => sls_logs.LogGroupList.decode(r) as LogGroupList);
}

/** Serializes a LogGroup. Throws LogGroupEncodeError when a field cannot be encoded. */
export function encodeLogGroup(group: LogGroup): Uint8Array {
  const problem = findEncodeProblem(group);
  if (problem !== undefined)
    throw new LogGroupEncodeError('LogGroup', problem.path, problem.problem);
  return finish(sls_logs.LogGroup.encode(group, newWriter()));
}

/** Serializes a LogGroupList. Throws LogGroupEncodeError when a field cannot be encoded. */
export function encodeLogGroupList(list: LogGroupList): Uint8Array {
  const problem = findListEncodeProblem(list);
  if (problem !== undefined)
    throw new LogGroupEncodeError('LogGroupList', problem.path, problem.problem);
  return finish(sls_logs.LogGroupList.encode(list, newWriter()));
}
