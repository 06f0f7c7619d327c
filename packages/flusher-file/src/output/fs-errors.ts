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
const transientCodes = new Set([
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

export function isTransient(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && transientCodes.has(code);
}

/** `no space left on the device (ENOSPC)`, or the error's own message. */
export function explainError(error: unknown): string {
  const code = errorCode(error);
  const explanation = code === undefined ? undefined : explanations[code];
  if (explanation !== undefined) return `${explanation} (${code})`;
  return error instanceof Error ? error.message : String(error);
}

/** An operation on one file failed; the message names the file and says why. */
export class FileOutputError extends Error {
  constructor(
    readonly action: string,
    readonly file: string,
    readonly reason: unknown,
  ) {
    super(`cannot ${action} ${file}: ${explainError(reason)}`, { cause: reason });
    this.name = 'FileOutputError';
  }

  get code(): string | undefined {
    return errorCode(this.reason);
  }
}
