/** `flush` was called after `stop`: the data was not accepted. */
export class FlusherStoppedError extends Error {
  constructor(readonly flusherType: string) {
    super(`${flusherType}: flush called after stop; the data was not accepted`);
    this.name = 'FlusherStoppedError';
  }
}

/** `flush` could not deliver some logs: how many, where to, and why. */
export class FlushFailedError extends Error {
  constructor(
    message: string,
    readonly failedEvents: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FlushFailedError';
  }
}
