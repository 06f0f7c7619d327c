// Where run state and caches live.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SERVICES_SRC = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const REPO_ROOT = resolve(SERVICES_SRC, '..', '..');

/** Run state: pid, logs, data, certificates, info JSON. Wiped per service on every fresh start. */
export const STATE_DIR = process.env.LOGFLUSH_SERVICES_DIR
  ? resolve(process.env.LOGFLUSH_SERVICES_DIR)
  : join(REPO_ROOT, '.services');

/** Computed classpaths; the jars themselves stay in the Maven local repository. */
export const CACHE_DIR = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'logflush');

export function serviceDirs(name) {
  const run = join(STATE_DIR, name);
  return {
    run,
    pidFile: join(run, 'pid'),
    stateFile: join(run, 'state.json'),
    infoFile: join(run, 'info.json'),
    launchFile: join(run, 'launch.json'),
    logFile: join(run, `${name}.log`),
    // Outside the run dir, which is wiped on start.
    lockDir: join(STATE_DIR, `${name}.lock`),
    leaseDir: join(STATE_DIR, `${name}.leases`),
  };
}
