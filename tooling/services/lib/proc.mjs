// Detached server processes: start one in its own process group, check it, stop the group.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Start `cmd` in a new session/process group with stdout+stderr appended to `logFile`,
 * not tied to this process: it keeps running after we exit.
 */
export function spawnDetached(cmd, args, { logFile, cwd, env }) {
  const fd = openSync(logFile, 'a');
  try {
    const child = spawn(cmd, args, { cwd, env, detached: true, stdio: ['ignore', fd, fd] });
    child.on('error', () => {}); // surfaced by the readiness wait as "exited"
    child.unref();
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

/** True when `pid` is a live (non-zombie) process whose command line contains `marker`. */
export function isAlive(pid, marker) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    return /** @type {NodeJS.ErrnoException} */ (err).code === 'EPERM';
  }
  try {
    // Guards against a recycled pid, and treats an unreaped child as gone.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2)[0];
    if (state === 'Z' || state === 'X') return false;
    if (marker) return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
  } catch {
    // no /proc: trust kill(0)
  }
  return true;
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

async function waitGone(pid, marker, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid, marker)) return true;
    await sleep(100);
  }
  return !isAlive(pid, marker);
}

/** SIGTERM the process group, then SIGKILL it after `timeoutMs`. Resolves once the leader is gone. */
export async function stopGroup(pid, marker, timeoutMs) {
  if (!isAlive(pid, marker)) return;
  killGroup(pid, 'SIGTERM');
  if (await waitGone(pid, marker, timeoutMs)) return;
  killGroup(pid, 'SIGKILL');
  if (!(await waitGone(pid, marker, 10_000))) {
    throw new Error(`process ${pid} did not exit after SIGKILL`);
  }
}
