import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const app = path.join(import.meta.dirname, 'fixtures', 'app.mjs');

/** What test/fixtures/app.mjs prints at its end. */
export interface AppReport {
  pid: number;
  event: 'finish' | 'closed' | 'thrown' | 'error' | 'exit';
  errors: { name: string; message: string; issues?: unknown; fromTransport?: boolean }[];
  warnings: string[];
  startRssMb: number;
  maxRssMb?: number;
  metrics?: {
    written: number;
    delivered: number;
    undelivered: number;
    dropped: number;
    buffered: number;
    blocked: number;
    blockedMs: number;
  };
  outcome?: { delivered: number; undelivered: number; dropped: number; blocked: number };
  linesAfterFlush?: number;
}

export interface AppRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  report: AppReport | undefined;
}

/** Runs the winston app fixture in its own `node` process with `spec` (see the fixture's header). */
export function runApp(
  spec: Record<string, unknown>,
  options: { timeoutMs?: number; cwd?: string } = {},
): Promise<AppRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [app, JSON.stringify(spec)], {
      cwd: options.cwd ?? path.join(import.meta.dirname, '..'),
      env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const last = stdout.trim().split('\n').at(-1);
      let report: AppReport | undefined;
      try {
        report = last ? (JSON.parse(last) as AppReport) : undefined;
      } catch {
        report = undefined;
      }
      resolve({ code, signal, stdout, stderr, report });
    });
  });
}

/** A fresh temporary folder, removed by the returned function. */
export function tempDir(label: string): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `logflush-winston-${label}-`));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Every line of the files under `dir` (recursively), in file name order. */
export function readLines(dir: string): string[] {
  const files = (fs.readdirSync(dir, { recursive: true }) as string[])
    .map((name) => path.join(dir, name))
    .filter((file) => fs.statSync(file).isFile())
    .sort();
  return files.flatMap((file) =>
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line !== ''),
  );
}

/** The `seq` values of JSON lines, checked to be exactly 0 … count−1 once each. */
export function missingSeqs(
  values: readonly number[],
  count: number,
): { missing: number; duplicates: number } {
  const seen = new Uint8Array(count);
  let duplicates = 0;
  for (const value of values) {
    if (seen[value] === 1) duplicates++;
    seen[value] = 1;
  }
  let missing = 0;
  for (let i = 0; i < count; i++) if (seen[i] !== 1) missing++;
  return { missing, duplicates };
}
