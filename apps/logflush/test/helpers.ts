import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const appDir = path.resolve(import.meta.dirname, '..');
/** The `logflush` bin, as an installed package runs it. */
export const cliPath = path.join(appDir, 'dist/bin.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a subprocess, as a user would, with stdin from `input`. */
export function runCli(args: string[], input?: string | Buffer): CliResult {
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: appDir,
    input: input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts the CLI without waiting for it, for signal tests. */
export function startCli(args: string[]) {
  return spawn(process.execPath, [cliPath, ...args], {
    cwd: appDir,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

let scratch: string | undefined;

/** A file in a per-run scratch folder, written with `content`. */
export function writeTemp(name: string, content: string | Uint8Array): string {
  scratch ??= fs.mkdtempSync(path.join(os.tmpdir(), 'logflush-cli-'));
  const file = path.join(scratch, name);
  fs.writeFileSync(file, content);
  return file;
}

export function tempPath(name: string): string {
  scratch ??= fs.mkdtempSync(path.join(os.tmpdir(), 'logflush-cli-'));
  return path.join(scratch, name);
}

export const stdoutConfig = JSON.stringify({
  flushers: [{ type: 'flusher_stdout', detail: { OnlyStdout: true } }],
});
