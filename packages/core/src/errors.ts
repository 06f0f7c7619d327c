/** A lifecycle rule was broken: the call was not carried out and no data was accepted. */
export class FlusherLifecycleError extends Error {
  constructor(
    readonly flusherType: string,
    message: string,
  ) {
    super(`${flusherType}: ${message}`);
    this.name = 'FlusherLifecycleError';
  }
}

/** `flush` was called before `init` resolved: the data was not accepted. */
export class FlusherNotInitializedError extends FlusherLifecycleError {
  constructor(flusherType: string) {
    super(flusherType, 'flush called before init; the data was not accepted');
    this.name = 'FlusherNotInitializedError';
  }
}

/** `flush` was called after `stop`: the data was not accepted. */
export class FlusherStoppedError extends FlusherLifecycleError {
  constructor(flusherType: string) {
    super(flusherType, 'flush called after stop; the data was not accepted');
    this.name = 'FlusherStoppedError';
  }
}

/** One reason some logs were not delivered, and how many. */
export interface FailureReason {
  readonly reason: string;
  readonly logs: number;
}

/** `flush` (or `stop`) could not deliver some logs: how many, where to, and why. */
export class FlushFailedError extends Error {
  /** The reasons by number of logs, as counted (see FailureTally). */
  readonly reasons: readonly FailureReason[];

  constructor(
    message: string,
    readonly failedEvents: number,
    options?: { cause?: unknown; reasons?: readonly FailureReason[] },
  ) {
    super(message, options);
    this.name = 'FlushFailedError';
    this.reasons = options?.reasons ?? [];
  }
}

/**
 * The retryable-error contract every flusher follows (after vercel/ai's `isRetryable`): an error
 * met while delivering says itself whether trying the same request again may succeed. A
 * flusher's own classifier (Kafka's error codes, S3's status codes, errno codes) decides it once,
 * where the error is first caught; the retry helper only reads it.
 */
export class DeliveryError extends Error {
  readonly retryable: boolean;

  constructor(message: string, options: { retryable: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'DeliveryError';
    this.retryable = options.retryable;
  }
}

/** Whether `error` says a retry may succeed (`retryable: true`); anything else is final. */
export function isRetryable(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { retryable?: unknown }).retryable === true
  );
}
