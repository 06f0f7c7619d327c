import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { S3Info } from '../../../tooling/services/types.js';
import { cliPath } from './helpers.js';
import {
  releaseS3Lease,
  s3Detail,
  stagedLogs,
  storedKeys,
  storedSeqs,
  uniquePrefix,
  useS3,
} from './s3-store.js';

let s3: S3Info;
const dirs: string[] = [];

beforeAll(async () => {
  if (!fs.existsSync(cliPath))
    throw new Error(`${cliPath} is missing: run pnpm --filter @logflush/cli build`);
  s3 = await useS3();
}, 120_000);

afterAll(async () => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  await releaseS3Lease();
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logflush-cli-s3-'));
  dirs.push(dir);
  return dir;
}

/** Polls `check` every 50 ms until it returns true; fails after `limitMs`. */
async function eventually(check: () => boolean, limitMs = 20_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const lines = (first: number, count: number) =>
  Array.from(
    { length: count },
    (_, i) => `{"seq":"${first + i}","content":"line ${first + i}"}\n`,
  ).join('');

describe('logflush run with flusher_s3 and StagingDir, killed with SIGKILL mid-run', () => {
  it('uploads every accepted log exactly once when it runs again', async () => {
    const prefix = uniquePrefix();
    const staging = tempDir();
    const configFile = path.join(tempDir(), 'pipeline.json');
    const detail = s3Detail(s3, prefix, {
      StagingDir: staging,
      FlushInterval: '1h',
      KeyFormat: `${prefix}%Y/%m/%d/{uuid}{ext}`,
    });
    fs.writeFileSync(configFile, JSON.stringify({ flushers: [{ type: 'flusher_s3', detail }] }));
    // flusher_s3 as the CLI ships it (plugins.yml).
    const args = [cliPath, 'run', '--config', configFile, '--input-format', 'jsonl', '--quiet'];
    const env = { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' };

    const first = spawn(process.execPath, [...args, '--input', '-'], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let firstOutput = '';
    first.stdout.on('data', (chunk: Buffer) => (firstOutput += chunk.toString()));
    first.stderr.on('data', (chunk: Buffer) => (firstOutput += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      first.once('exit', (_code, signal) => resolve(signal)),
    );
    first.stdin.write(lines(0, 300));
    await eventually(() => stagedLogs(staging) === 300);
    first.stdin.write(lines(300, 200));
    await eventually(() => stagedLogs(staging) === 500);
    first.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    // Nothing was uploaded: FlushInterval is an hour and stop never ran.
    expect(storedKeys(s3, prefix)).toEqual([]);

    const empty = path.join(tempDir(), 'empty.jsonl');
    fs.writeFileSync(empty, '');
    const second = spawnSync(process.execPath, [...args, '--input', empty], {
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(second.status).toBe(0);
    expect(storedSeqs(s3, prefix)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(fs.readdirSync(staging)).toEqual([]);
    for (const output of [firstOutput, second.stdout, second.stderr])
      expect(output).not.toContain(s3.secretAccessKey);
  }, 90_000);
});
