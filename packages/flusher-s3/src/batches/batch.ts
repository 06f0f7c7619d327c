/** An object being filled with the lines of logs that share a batch key. */
export interface OpenBatch {
  readonly batchKey: string;
  readonly objectKey: string;
  /** Unix ms when its first log was accepted. */
  readonly openedAt: number;
  /** Logs in it. */
  readonly events: number;
  /** Bytes of lines in it, before compression. */
  readonly bytes: number;
  /** Adds lines (each ending in "\n"), `bytes` long in UTF-8, holding `events` logs. */
  append(lines: string, bytes: number, events: number): Promise<void>;
  /** Makes what was appended durable (a no-op in memory). */
  sync(): Promise<void>;
  /**
   * No more appends: uploads the object; resolves once it is in S3, rejects when it failed. Either
   * way, what it held is released.
   */
  finish(): Promise<void>;
}
