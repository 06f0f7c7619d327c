import { isRetryable } from '@logflush/core';

/** What the SDK's errors carry that is read here. */
interface SdkErrorShape {
  name?: string;
  code?: string;
  message?: string;
  Code?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number };
}

function shape(error: unknown): SdkErrorShape {
  return typeof error === 'object' && error !== null ? error : { message: String(error) };
}

/** The HTTP status of a failed request, or undefined when no response came. */
export function httpStatus(error: unknown): number | undefined {
  return shape(error).$metadata?.httpStatusCode;
}

/** S3's error code (`NoSuchBucket`, `SlowDown` …) or the Node error code (`ECONNREFUSED`). */
export function errorCode(error: unknown): string {
  const e = shape(error);
  return e.Code ?? e.code ?? e.name ?? 'Error';
}

const retryableCodes = new Set([
  'RequestTimeout',
  'RequestTimeoutException',
  'RequestTimeTooSkewed', // the SDK corrects its clock offset from the failed response
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'InternalError',
  'ServiceUnavailable',
  'BadDigest', // the body was damaged on the way
  'IncompleteBody',
  'TimeoutError',
  'AbortError', // a socket timeout of the HTTP handler
]);

/**
 * Whether trying the same request again may succeed: no response at all (connection refused or
 * reset, timeout), 5xx other than 501 Not Implemented, 408, 429, and S3's throttling and
 * transient codes. Authentication and permission errors, a missing bucket, and bad requests are
 * final. S3's classifier, asked once where the SDK's error is caught: the S3RequestError thrown
 * there carries the answer as `retryable` (docs/design.md §9.2).
 */
export function isRetryableS3Error(error: unknown): boolean {
  const status = httpStatus(error);
  if (retryableCodes.has(errorCode(error))) return true;
  if (status === undefined) return !isCredentialsError(error);
  if (status === 501) return false;
  return status >= 500 || status === 408 || status === 429;
}

function isCredentialsError(error: unknown): boolean {
  return shape(error).name === 'CredentialsProviderError';
}

export interface ErrorContext {
  bucket: string;
  endpoint: string;
  accessKeyId: string;
}

/** A one-line explanation of an S3 failure that tells the user what to check; never holds a secret. */
export function describeS3Error(error: unknown, context: ErrorContext): string {
  const code = errorCode(error);
  const status = httpStatus(error);
  const message = shape(error).message ?? '';
  const where = context.endpoint === '' ? 'AWS S3' : context.endpoint;
  const key =
    context.accessKeyId === ''
      ? 'the access key from the AWS default chain'
      : `access key id "${context.accessKeyId}"`;
  const withStatus = status === undefined ? code : `${code}, HTTP ${status}`;
  switch (code) {
    case 'NoSuchBucket':
      return `bucket "${context.bucket}" does not exist at ${where} (${withStatus})`;
    case 'InvalidAccessKeyId':
      return `${key} is not known to ${where}: check AccessKeyId (${withStatus})`;
    case 'SignatureDoesNotMatch':
      return `the secret access key does not match ${key}: check SecretAccessKey (${withStatus})`;
    case 'AccessDenied':
      return `access denied to bucket "${context.bucket}" for ${key}: check the credentials' permissions (${withStatus})`;
    case 'ExpiredToken':
    case 'InvalidToken':
    case 'TokenRefreshRequired':
      return `the session token was refused: check SessionToken (${withStatus})`;
    case 'NotImplemented':
      return `${where} does not implement a feature this request uses (${message}) (${withStatus})`;
    case 'CredentialsProviderError':
      return `no AWS credentials found: set AccessKeyId and SecretAccessKey, or configure the AWS default chain (${message})`;
    default:
      if (status === undefined) return `cannot reach ${where}: ${message || code}`;
      return `${message || 'request failed'} (${withStatus})`;
  }
}

/**
 * Whether an object's failed upload would fail the same way if tried again: its last request
 * failed with an error that is not retryable (an S3RequestError says which), or with something
 * other than a request error. A multipart upload whose abort failed too is judged by its first
 * error.
 */
export function failedForGood(error: unknown): boolean {
  const first = error instanceof AggregateError ? (error.errors[0] as unknown) : error;
  return !isRetryable(first);
}
