import { DeliveryError } from '@logflush/core';

/** What an operator should read for the errno codes a file output meets. */
const explanations: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'the path is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EROFS: 'read-only file system',
  ELOOP: 'the path is a symbolic link',
  EMFILE: 'too many open files in this process',
  ENFILE: 'too many open files in the system',
  EIO: 'input/output error',
  ENAMETOOLONG: 'the path is too long',
};

/** Codes worth another try: the disk may get space, the device may recover, files may close. */
const retryableCodes: ReadonlySet<string> = new Set([
  'ENOSPC',
  'EDQUOT',
  'EIO',
  'EAGAIN',
  'EBUSY',
  'EINTR',
  'EMFILE',
  'ENFILE',
]);

export function errorCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** `no space left on the device (ENOSPC)`, or the error's own message. */
export function explainError(error: unknown): string {
  const code = errorCode(error);
  const explanation = code === undefined ? undefined : explanations[code];
  if (explanation !== undefined) return `${explanation} (${code})`;
  return error instanceof Error ? error.message : String(error);
}

/** The text an operator reads for an error met while writing: its message, or the errno explained. */
export function describeFailure(error: unknown): string {
  return error instanceof Error ? error.message : explainError(error);
}

/**
 * An operation on one file failed; the message names the file and says why. It is retryable
 * when its errno code is one a retry may see go away (a full disk, too many open files).
 */
export class FileOutputError extends DeliveryError {
  constructor(
    readonly action: string,
    readonly file: string,
    readonly reason: unknown,
  ) {
    const code = errorCode(reason);
    super(`cannot ${action} ${file}: ${explainError(reason)}`, {
      retryable: code !== undefined && retryableCodes.has(code),
      cause: reason,
    });
    this.name = 'FileOutputError';
  }

  get code(): string | undefined {
    return errorCode(this.reason);
  }
}
