// The lifecycle shared by every service: start (or reuse), wait until ready, stop, status.
//
// A service definition is { name, ports, readyTimeoutMs, prepare(dirs), probe(info) } where
// prepare() writes config into the fresh run dir and returns { cmd, args, info }, and probe()
// resolves true when the server answers.
//
// Ownership: `owner` is 'cli' (started by `services up`; only `down` stops it) or 'test' (started
// by a vitest global setup; stopped when the last test run holding a lease releases it).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { HOST, STOP_TIMEOUT_MS } from '../config.mjs';
import { addLease, liveLeases, removeLease, withLock } from './lock.mjs';
import { serviceDirs, STATE_DIR } from './paths.mjs';
import { canConnect } from './probe.mjs';
import { isAlive, spawnDetached, stopGroup } from './proc.mjs';
import { tail } from './run.mjs';

const PROBE_TIMEOUT_MS = 10_000;

/** Marks the server's command line so a recycled pid is never taken for it. */
export function marker(name) {
  return `-Dlogflush.service=${name}@${STATE_DIR}`;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function logTail(file, lines = 60) {
  try {
    return tail(readFileSync(file, 'utf8'), lines);
  } catch {
    return '(no log)';
  }
}

async function probeBounded(def, info) {
  try {
    return await Promise.race([def.probe(info), sleep(PROBE_TIMEOUT_MS, false, { ref: false })]);
  } catch {
    return false;
  }
}

/** Whether the recorded process is alive, and its state. Does not probe. */
export function serviceStatus(def) {
  const dirs = serviceDirs(def.name);
  const state = readJson(dirs.stateFile);
  const running = Boolean(state && isAlive(state.pid, marker(def.name)));
  return {
    name: def.name,
    running,
    pid: running ? state.pid : undefined,
    owner: running ? state.owner : undefined,
    startedAt: running ? state.startedAt : undefined,
    leases: liveLeases(dirs.leaseDir),
    info: running ? readJson(dirs.infoFile) : undefined,
    logFile: dirs.logFile,
  };
}

/**
 * Start the service, or reuse it when it already runs and answers.
 * Resolves to { info, started } where `started` tells whether this call started it.
 */
export async function startService(def, { owner = 'cli', lease = false } = {}) {
  const dirs = serviceDirs(def.name);
  mkdirSync(STATE_DIR, { recursive: true });
  return withLock(dirs.lockDir, async () => {
    if (lease) addLease(dirs.leaseDir);
    const state = readJson(dirs.stateFile);
    if (state && isAlive(state.pid, marker(def.name))) {
      const info = readJson(dirs.infoFile);
      if (info && (await probeBounded(def, info))) {
        // `services up` on a server a test run started makes it permanent.
        if (owner === 'cli' && state.owner !== 'cli') {
          writeFileSync(dirs.stateFile, JSON.stringify({ ...state, owner: 'cli' }));
        }
        return { info, started: false };
      }
      await stopGroup(state.pid, marker(def.name), STOP_TIMEOUT_MS);
    }

    for (const port of def.ports) {
      if (await canConnect(HOST, port, 500)) {
        throw new Error(
          `${def.name}: port ${HOST}:${port} is already in use by a process these scripts did not start ` +
            `(another checkout's services? see \`ss -ltnp 'sport = :${port}'\`)`,
        );
      }
    }

    rmSync(dirs.run, { recursive: true, force: true });
    mkdirSync(dirs.run, { recursive: true });
    const { cmd, args, info, env } = await def.prepare(dirs);
    // What restartService runs again: the same command line, in the same run dir.
    const launch = { cmd, args: [marker(def.name), ...args], env: env ?? {} };
    writeFileSync(dirs.launchFile, JSON.stringify(launch));
    await launchAndWait(def, dirs, launch, info, { owner, what: 'start' });
    writeFileSync(dirs.infoFile, `${JSON.stringify(info, null, 2)}\n`);
    return { info, started: true };
  });
}

/** Spawn `launch` detached, record it in state.json, and wait until it answers (or fail). */
async function launchAndWait(def, dirs, launch, info, { owner, what }) {
  const started = Date.now();
  const pid = spawnDetached(launch.cmd, launch.args, {
    logFile: dirs.logFile,
    cwd: dirs.run,
    env: { ...process.env, ...launch.env },
  });
  writeFileSync(dirs.pidFile, `${pid}\n`);
  writeFileSync(
    dirs.stateFile,
    JSON.stringify({ pid, owner, startedAt: new Date(started).toISOString() }),
  );

  const deadline = started + def.readyTimeoutMs;
  for (;;) {
    if (!isAlive(pid, marker(def.name))) {
      rmSync(dirs.stateFile, { force: true });
      throw new Error(
        `${def.name} exited during ${what}. Last lines of ${dirs.logFile}:\n${logTail(dirs.logFile)}`,
      );
    }
    if (await probeBounded(def, info)) return pid;
    if (Date.now() > deadline) {
      await stopGroup(pid, marker(def.name), STOP_TIMEOUT_MS);
      rmSync(dirs.stateFile, { force: true });
      throw new Error(
        `${def.name} was not ready within ${def.readyTimeoutMs / 1000}s of its ${what}. ` +
          `Last lines of ${dirs.logFile}:\n${logTail(dirs.logFile)}`,
      );
    }
    await sleep(250);
  }
}

/** The command line of a live process, from /proc (a server started before launch.json existed). */
function launchFromProc(pid) {
  const [cmd, ...args] = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  return { cmd, args, env: {} };
}

/**
 * Stop the running service cleanly (SIGTERM to its process group, SIGKILL after STOP_TIMEOUT_MS)
 * and start the same command line again in the same run directory, so it keeps its data, its
 * configuration, its certificates and its info (for Kafka: cluster id, topics and every
 * acknowledged message). Holds the service's lock throughout, so no other start, stop or release
 * runs in between; the owner (cli or test) and the leases are kept. `whileDown` runs once the
 * process has exited, after `downMs`; the service is started again even when it throws (and then
 * the error is rethrown). Resolves to the info once the service answers again.
 */
/**
 * @param {any} def
 * @param {import('../types.js').RestartOptions} [options]
 */
export async function restartService(def, { downMs = 0, whileDown } = {}) {
  const dirs = serviceDirs(def.name);
  return withLock(dirs.lockDir, async () => {
    const state = readJson(dirs.stateFile);
    const info = readJson(dirs.infoFile);
    if (!state || !info || !isAlive(state.pid, marker(def.name))) {
      throw new Error(
        `${def.name} is not running: start it first (a restart keeps the data of a running service)`,
      );
    }
    const launch = readJson(dirs.launchFile) ?? launchFromProc(state.pid);

    await stopGroup(state.pid, marker(def.name), STOP_TIMEOUT_MS);
    let failure;
    try {
      if (downMs > 0) await sleep(downMs);
      await whileDown?.();
    } catch (err) {
      failure = err;
    }
    await launchAndWait(def, dirs, launch, info, { owner: state.owner, what: 'restart' });
    if (failure !== undefined) throw failure;
    return info;
  });
}

/** Stop the service if it runs; safe when nothing runs. Resolves to whether it stopped one. */
export async function stopService(def) {
  const dirs = serviceDirs(def.name);
  if (!existsSync(STATE_DIR)) return false;
  return withLock(dirs.lockDir, () => stopUnlocked(def, dirs));
}

async function stopUnlocked(def, dirs) {
  const state = readJson(dirs.stateFile);
  let stopped = false;
  if (state && isAlive(state.pid, marker(def.name))) {
    await stopGroup(state.pid, marker(def.name), STOP_TIMEOUT_MS);
    stopped = true;
  }
  rmSync(dirs.stateFile, { force: true });
  rmSync(dirs.pidFile, { force: true });
  rmSync(dirs.infoFile, { force: true });
  rmSync(dirs.launchFile, { force: true });
  return stopped;
}

/**
 * Drop this process's lease; stop the service when a test run started it and no other live
 * test run still holds a lease. A service started by `services up` is left running.
 */
export async function releaseService(def) {
  const dirs = serviceDirs(def.name);
  return withLock(dirs.lockDir, async () => {
    removeLease(dirs.leaseDir);
    const state = readJson(dirs.stateFile);
    if (!state || state.owner !== 'test' || liveLeases(dirs.leaseDir).length > 0) return false;
    return stopUnlocked(def, dirs);
  });
}

/** The info of a running service, or undefined. */
export function readInfo(def) {
  const status = serviceStatus(def);
  return status.running ? status.info : undefined;
}
