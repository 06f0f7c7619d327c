/** The top-level messages the codec reads and writes. */
export type LogGroupMessageName = 'LogGroup' | 'LogGroupList';

/**
 * Bytes that are not a valid `sls_logs` message: truncated, malformed, or missing a required field.
 * The message says what was being decoded and why, e.g.
 * `invalid LogGroup: index out of range: 12 + 10 > 15 (at byte 12 of 15)`.
 */
export class LogGroupDecodeError extends Error {
  constructor(
    /** The message that was being decoded. */
    readonly messageName: LogGroupMessageName,
    /** The reason, as protobufjs reported it (or as refined by the codec). */
    readonly reason: string,
    /** Where the reader stopped, in bytes from the start of the input. */
    readonly offset: number,
    /** The length of the input in bytes. */
    readonly length: number,
    options?: { cause?: unknown },
  ) {
    super(`invalid ${messageName}: ${reason} (at byte ${offset} of ${length})`, options);
    this.name = 'LogGroupDecodeError';
  }
}

/**
 * A value that cannot be encoded as its proto field, e.g. a missing `Key` or a `Time` that is
 * not a uint32. `path` names the field, e.g. `Logs[3].Contents[0].Value` (empty: the message itself).
 */
export class LogGroupEncodeError extends TypeError {
  constructor(
    readonly messageName: LogGroupMessageName,
    readonly path: string,
    problem: string,
  ) {
    super(`cannot encode ${messageName}: ${path === '' ? 'the value' : path} ${problem}`);
    this.name = 'LogGroupEncodeError';
  }
}
