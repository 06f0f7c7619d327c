// Cross-process coordination on the state dir: a mkdir lock, and leases held by test runs.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from './proc.mjs';

// A holder may be doing a cold Maven download plus a broker start.
const LOCK_WAIT_MS = 20 * 60_000;

/** Run `fn` while holding the lock directory `lockDir`; a lock whose holder died is taken over. */
export async function withLock(lockDir, fn) {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(lockDir, { recursive: false });
      writeFileSync(join(lockDir, 'owner'), String(process.pid));
      break;
    } catch (err) {
      if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'EEXIST') throw err;
      let owner = NaN;
      try {
        owner = Number(readFileSync(join(lockDir, 'owner'), 'utf8'));
      } catch {
        /* being written */
      }
      if (Number.isInteger(owner) && owner > 0 && !isAlive(owner)) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `timed out waiting for ${lockDir} (held by pid ${owner}); remove it if that process is gone`,
        );
      }
      await sleep(200);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

export function addLease(leaseDir, pid = process.pid) {
  mkdirSync(leaseDir, { recursive: true });
  writeFileSync(join(leaseDir, String(pid)), '');
}

export function removeLease(leaseDir, pid = process.pid) {
  rmSync(join(leaseDir, String(pid)), { force: true });
}

/** Pids of live lease holders; leases of dead processes are removed. */
export function liveLeases(leaseDir) {
  let names = [];
  try {
    names = readdirSync(leaseDir);
  } catch {
    return [];
  }
  const live = [];
  for (const name of names) {
    const pid = Number(name);
    if (isAlive(pid)) live.push(pid);
    else rmSync(join(leaseDir, name), { force: true });
  }
  return live;
}
