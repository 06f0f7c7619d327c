import path from 'node:path';
import {
  compileFormatString,
  type FieldSource,
  type FormatString,
  type TimeZone,
} from '@logflush/core';

/**
 * The directory part of a FilePath template before its first segment holding a `%` directive:
 * the default BaseDir. `/var/log/%Y/app-%{tag.host}.log` → `/var/log`.
 */
export function staticDirectory(template: string): string {
  const segments = template.split('/');
  segments.pop();
  const templated = segments.findIndex((segment) => segment.includes('%'));
  const fixed = templated === -1 ? segments : segments.slice(0, templated);
  const joined = fixed.join('/');
  if (joined !== '') return joined;
  return template.startsWith('/') ? '/' : '.';
}

/** A rendered FilePath that is not strictly inside BaseDir. */
export class PathOutsideBaseError extends Error {
  constructor(
    readonly file: string,
    readonly baseDir: string,
  ) {
    super(`path ${JSON.stringify(file)} is not inside BaseDir ${JSON.stringify(baseDir)}`);
    this.name = 'PathOutsideBaseError';
  }
}

/** Whether `file` lies strictly below `dir` (both absolute and normalized). */
export function isInside(dir: string, file: string): boolean {
  const relative = path.relative(dir, file);
  return (
    relative !== '' &&
    relative !== '..' &&
    !relative.startsWith(`..${path.sep}`) &&
    !path.isAbsolute(relative)
  );
}

/**
 * FilePath compiled once: renders the absolute file path of a log and checks, by the text of the
 * path, that it stays inside the base directory. (Symbolic links are checked when the file is
 * opened, see confined-open.ts.)
 */
export class FilePathTemplate {
  readonly baseDir: string;
  readonly usesFields: boolean;
  readonly usesTime: boolean;
  readonly #format: FormatString;
  #lastRendered = '';
  #lastResolved = '';

  constructor(filePath: string, baseDir: string, timeZone: TimeZone) {
    this.#format = compileFormatString(filePath, { mode: 'path', timeZone });
    this.baseDir = path.resolve(baseDir === '' ? staticDirectory(filePath) : baseDir);
    this.usesFields = this.#format.fields.length > 0;
    this.usesTime = this.#format.usesTime;
  }

  get isStatic(): boolean {
    return this.#format.isStatic;
  }

  /** The absolute path for a log; throws FormatStringError or PathOutsideBaseError. */
  render(fields: FieldSource | undefined, time: number): string {
    const rendered = this.#format.render(fields, time);
    if (rendered === this.#lastRendered) return this.#lastResolved;
    const resolved = path.resolve(rendered);
    if (!isInside(this.baseDir, resolved)) throw new PathOutsideBaseError(resolved, this.baseDir);
    this.#lastRendered = rendered;
    this.#lastResolved = resolved;
    return resolved;
  }
}
