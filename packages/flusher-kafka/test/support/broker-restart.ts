import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { KafkaInfo } from '@logflush/services/types';
import kafkajs from 'kafkajs';

/*
 * TODO(services): @logflush/services can stop the broker and start a new one, but a start formats
 * fresh storage (new cluster id, empty topics), so messages acknowledged before the stop would be
 * gone and "none missing" could not be checked. Until it offers a restart that keeps the data,
 * this helper does it with the services' own conventions: it holds their lock directory, sends
 * the process group SIGTERM (a clean shutdown), starts the same command line again in the same
 * run directory, and records the new pid in state.json so that `services down` and the vitest
 * teardown still find and stop it.
 */

interface ServiceState {
  pid: number;
  owner: string;
  startedAt: string;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const state = stat.slice(stat.lastIndexOf(')') + 2)[0];
  return state !== 'Z' && state !== 'X';
}

async function withLock<T>(lockDir: string, run: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'owner'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || Date.now() > deadline) throw error;
      await sleep(200);
    }
  }
  try {
    return await run();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

async function waitUntil(
  what: string,
  timeoutMs: number,
  check: () => boolean | Promise<boolean>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`broker restart: ${what} within ${timeoutMs} ms`);
    await sleep(100);
  }
}

function accepts(address: string): Promise<boolean> {
  const [host, port] = address.split(':') as [string, string];
  return new Promise((resolve) => {
    const socket = net.connect({ host, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function answersMetadata(brokers: string[]): Promise<boolean> {
  const admin = new kafkajs.Kafka({
    brokers,
    logLevel: kafkajs.logLevel.NOTHING,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

export interface RestartOptions {
  /** Runs once the broker process has exited, before it starts again. */
  whileDown?: () => Promise<void>;
}

/** Stops the test broker cleanly and starts it again on the same data; resolves once it answers. */
export async function restartBroker(info: KafkaInfo, options: RestartOptions = {}): Promise<void> {
  const runDir = path.dirname(info.logFile);
  const stateFile = path.join(runDir, 'state.json');
  await withLock(path.join(path.dirname(runDir), 'kafka.lock'), async () => {
    const state = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as ServiceState;
    const commandLine = fs
      .readFileSync(`/proc/${state.pid}/cmdline`, 'utf8')
      .split('\0')
      .filter(Boolean);
    const [command, ...args] = commandLine as [string, ...string[]];

    process.kill(-state.pid, 'SIGTERM');
    await waitUntil('the broker did not exit', 30_000, () => !isRunning(state.pid));
    await options.whileDown?.();

    const log = fs.openSync(info.logFile, 'a');
    const child = spawn(command, args, {
      cwd: runDir,
      detached: true,
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    child.unref();
    const pid = child.pid!;
    fs.writeFileSync(path.join(runDir, 'pid'), `${pid}\n`);
    fs.writeFileSync(
      stateFile,
      JSON.stringify({ ...state, pid, startedAt: new Date().toISOString() }),
    );

    const brokers = info.brokers;
    await waitUntil('the broker did not answer again', 90_000, async () => {
      if (!isRunning(pid))
        throw new Error(`broker restart: the broker exited; see ${info.logFile}`);
      return (
        (await answersMetadata(brokers.plaintext)) &&
        (await accepts(brokers.sasl[0]!)) &&
        (await accepts(brokers.ssl[0]!))
      );
    });
  });
}
