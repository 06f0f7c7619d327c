import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const here = import.meta.dirname;
export const appScript = path.join(here, 'fixtures', 'app.mjs');
export const slowPlugin = path.join(here, 'fixtures', 'slow-flusher', 'index.mjs');
const packageDir = path.resolve(here, '..');

export interface AppJob {
  options: Record<string, unknown>;
  pino?: Record<string, unknown>;
  count?: number;
  records?: Array<Record<string, unknown>>;
  pace?: { batch: number; everyMs: number };
  finish?: 'exit-normally' | 'process-exit' | 'flush' | 'end';
  outcomeFile?: string;
}

export interface AppReport {
  maxRssMb: number;
  outcome?: { delivered: number; undelivered: number; dropped: number; droppedWhenFull: number };
  stacks?: string[];
  flushed?: true | string;
}

export interface AppRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** The app's last JSON line on stdout, when it wrote one. */
  report: AppReport | undefined;
}

/** Runs the pino app fixture in a child `node`, in this package's folder (so flusher packages resolve from it). */
export function runApp(job: AppJob, timeoutMs = 120_000): Promise<AppRun> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [appScript, JSON.stringify(job)], {
      cwd: packageDir,
      // The tests assert an empty stderr: the AWS SDK's notice on Node 20 (its releases after
      // January 2027 need Node 22) is switched off with the SDK's own setting.
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`app did not exit within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const last = stdout.trim().split('\n').filter(Boolean).at(-1);
      let report: AppReport | undefined;
      try {
        report = last === undefined ? undefined : (JSON.parse(last) as AppReport);
      } catch {
        report = undefined;
      }
      resolve({ code, stdout, stderr, ms: Date.now() - started, report });
    });
  });
}

export function tempDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `logflush-pino-${label}-`));
}

/** Every line of the files in `dir` (rolled files first, oldest first, then the active one). */
export function readLines(dir: string): string[] {
  const files = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.log'))
    .sort((a, b) => rank(b) - rank(a));
  return files.flatMap((name) =>
    fs.readFileSync(path.join(dir, name), 'utf8').split('\n').filter(Boolean),
  );
}

function rank(name: string): number {
  const match = /\.(\d+)\.log$/.exec(name);
  return match ? Number(match[1]) : 0;
}

/** The `i` of each json line, checked to be 0 … count − 1 exactly once. */
export function indexes(lines: readonly string[]): number[] {
  return lines.map((line) => Number((JSON.parse(line) as { i: string }).i));
}

export function fileFlusher(dir: string, detail: Record<string, unknown> = {}) {
  return { type: 'flusher_file', detail: { FilePath: path.join(dir, 'app.log'), ...detail } };
}
