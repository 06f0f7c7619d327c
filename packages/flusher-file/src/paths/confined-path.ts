import fs from 'node:fs/promises';
import path from 'node:path';
import { isInside } from './file-path-template.js';

/** A symbolic link under BaseDir leads outside it, or nowhere. */
export class SymlinkEscapeError extends Error {
  readonly code = 'ESYMLINKESCAPE';

  constructor(
    readonly link: string,
    readonly target: string | undefined,
    readonly baseDir: string,
  ) {
    super(
      target === undefined
        ? `${link} is a symbolic link to a missing file; links under BaseDir ${baseDir} must lead to an existing path inside it`
        : `${link} is a symbolic link to ${target}, outside BaseDir ${baseDir}`,
    );
    this.name = 'SymlinkEscapeError';
  }
}

async function lstatIfExists(file: string) {
  try {
    return await fs.lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** mkdir -p, giving every directory it creates exactly `mode`. */
async function makeDirectories(dir: string, mode: number): Promise<void> {
  const first = await fs.mkdir(dir, { recursive: true, mode });
  if (first === undefined) return;
  for (let created = dir; ; created = path.dirname(created)) {
    await fs.chmod(created, mode);
    if (created === first || created === path.dirname(created)) break;
  }
}

async function checkLink(link: string, realBase: string, baseDir: string): Promise<string> {
  let target: string;
  try {
    target = await fs.realpath(link);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new SymlinkEscapeError(link, undefined, baseDir);
    throw error;
  }
  if (target !== realBase && !isInside(realBase, target))
    throw new SymlinkEscapeError(link, target, baseDir);
  return target;
}

/**
 * Makes `file` (already checked by text to lie inside `baseDir`) ready to open: creates the
 * directories between them with `dirMode`, and checks that no symbolic link on the way, nor the
 * file itself, leads outside `baseDir`. Returns the path to open: the link's target when `file`
 * is a link (so that rolling renames the real file), else `file`.
 *
 * The checks run before the open, so a process that swaps a directory for a link in between is
 * not caught (the file's own last component is opened with O_NOFOLLOW).
 */
export async function prepareConfinedPath(
  baseDir: string,
  file: string,
  dirMode: number,
): Promise<string> {
  await makeDirectories(baseDir, dirMode);
  const realBase = await fs.realpath(baseDir);
  const parts = path.relative(baseDir, file).split(path.sep);
  let dir = baseDir;
  for (const part of parts.slice(0, -1)) {
    dir = path.join(dir, part);
    const info = await lstatIfExists(dir);
    if (info === undefined) {
      try {
        await fs.mkdir(dir, { mode: dirMode });
        await fs.chmod(dir, dirMode);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    } else if (info.isSymbolicLink()) {
      await checkLink(dir, realBase, baseDir);
    }
  }
  const info = await lstatIfExists(file);
  if (info?.isSymbolicLink()) return checkLink(file, realBase, baseDir);
  return file;
}
