import { open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { BufferLockedError } from './errors.js';

/*
 * One buffer per directory: `lock` holds the pid of the process whose buffer has it open (and, on
 * Linux, that process's start time, so that a pid used again after a restart, as in a container,
 * is not taken for the old process). A lock left by a process that no longer runs (killed,
 * crashed, a zombie) is taken over; one held by a buffer still open in this process, or by a live
 * process, is a BufferLockedError. The check is advisory, for the mistake of two flushers
 * configured with one Path.
 */

const lockName = 'lock';
const heldHere = new Set<string>();

/** State and start time (clock ticks since boot) of a process, from Linux's /proc; else undefined. */
async function procStat(
  pid: number | 'self',
): Promise<{ state: string; start: string } | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', start: fields[19] ?? '' };
  } catch {
    return undefined;
  }
}

async function alive(pid: number, start: string | undefined): Promise<boolean> {
  if ((await procStat('self')) !== undefined) {
    const stat = await procStat(pid);
    if (stat === undefined || stat.state === 'Z') return false;
    return start === undefined || start === '' || stat.start === start;
  }
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
      const start = (await procStat('self'))?.start ?? '';
      await handle.writeFile(`${process.pid} ${start}\n`);
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
      const [pidText, start] = (await readFile(file, 'utf8').catch(() => '')).trim().split(' ');
      const pid = Number.parseInt(pidText ?? '', 10);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && (await alive(pid, start))) {
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
