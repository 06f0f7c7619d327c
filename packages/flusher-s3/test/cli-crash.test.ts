import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readRecords } from '../src/staging/record-file.js';
import {
  eventually,
  listKeys,
  readSeqs,
  removeTempDirs,
  s3Info,
  serverDetail,
  tempDir,
  uniquePrefix,
} from './helpers.js';

const repo = path.resolve(import.meta.dirname, '../../..');
const cli = path.join(repo, 'apps/logflush/dist/cli.js');
const pluginEntry = path.resolve(import.meta.dirname, '../dist/index.js');

afterEach(removeTempDirs);

beforeAll(() => {
  // turbo builds both first (this package's turbo.json); a bare `vitest run` needs them built.
  for (const file of [cli, pluginEntry]) {
    if (!fs.existsSync(file))
      throw new Error(
        `${file} is missing: run pnpm --filter @logflush/cli --filter @logflush/flusher-s3 build`,
      );
  }
});

async function stagedLogs(dir: string): Promise<number> {
  let logs = 0;
  for (const name of fs.readdirSync(dir).filter((file) => file.endsWith('.records'))) {
    for await (const record of readRecords(path.join(dir, name))) logs += record.events;
  }
  return logs;
}

const lines = (first: number, count: number) =>
  Array.from(
    { length: count },
    (_, i) => `{"seq":"${first + i}","content":"line ${first + i}"}\n`,
  ).join('');

describe('logflush run with StagingDir, killed with SIGKILL mid-run', () => {
  it('uploads every accepted log exactly once when it runs again', async () => {
    const prefix = uniquePrefix();
    const staging = tempDir();
    const configFile = path.join(tempDir(), 'pipeline.json');
    const detail = serverDetail(prefix, {
      StagingDir: staging,
      FlushInterval: '1h',
      KeyFormat: `${prefix}%Y/%m/%d/{uuid}{ext}`,
    });
    fs.writeFileSync(configFile, JSON.stringify({ flushers: [{ type: 'flusher_s3', detail }] }));
    const args = [
      cli,
      'run',
      '--config',
      configFile,
      '--input-format',
      'jsonl',
      '--plugin',
      pluginEntry,
      '--quiet',
    ];
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
    await eventually(async () => (await stagedLogs(staging)) === 300);
    first.stdin.write(lines(300, 200));
    await eventually(async () => (await stagedLogs(staging)) === 500);
    first.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    // Nothing was uploaded: FlushInterval is an hour and stop never ran.
    expect(await listKeys(prefix)).toEqual([]);

    const empty = path.join(tempDir(), 'empty.jsonl');
    fs.writeFileSync(empty, '');
    const second = spawnSync(process.execPath, [...args, '--input', empty], {
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(second.status).toBe(0);
    expect(await readSeqs(prefix)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(fs.readdirSync(staging)).toEqual([]);
    for (const output of [firstOutput, second.stdout, second.stderr])
      expect(output).not.toContain(s3Info().secretAccessKey);
  }, 90_000);
});
