import { open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { BufferLockedError } from './errors.js';

/*
 * One buffer per directory: `lock` holds the pid of the process whose buffer has it open. A lock
 * left by a process that no longer runs (killed, crashed) is taken over; one held in this process
 * by a buffer that is still open, or by a live process, is a BufferLockedError. The check is
 * advisory, for the mistake of two flushers configured with one Path.
 */

const lockName = 'lock';
const heldHere = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function create(file: string): Promise<boolean> {
  try {
    const handle = await open(file, 'wx', 0o600);
    try {
      await handle.writeFile(`${process.pid}\n`);
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Takes the directory's lock; the result releases it. */
export async function lockDirectory(dir: string): Promise<() => Promise<void>> {
  const key = path.resolve(dir);
  if (heldHere.has(key)) throw new BufferLockedError(dir, process.pid);
  heldHere.add(key);
  const file = path.join(dir, lockName);
  try {
    if (!(await create(file))) {
      const pid = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new BufferLockedError(dir, pid);
      }
      await rm(file, { force: true });
      if (!(await create(file))) throw new BufferLockedError(dir, Number.NaN);
    }
  } catch (error) {
    heldHere.delete(key);
    throw error;
  }
  return async () => {
    heldHere.delete(key);
    await rm(file, { force: true });
  };
}
