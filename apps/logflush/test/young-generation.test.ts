import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { semiSpaceFlag, youngGenerationRestart } from '../src/young-generation.js';
import { appDir, cliPath, writeTemp } from './helpers.js';

const current = {
  argv: ['/usr/bin/node', '/app/dist/bin.js', 'run', '--config', 'p.json'],
  execArgv: ['--enable-source-maps'],
  execPath: '/usr/bin/node',
  nodeOptions: undefined,
  canExecve: true,
};

describe('youngGenerationRestart', () => {
  it('starts run and replay again with the semi-space flag before the other Node flags', () => {
    expect(youngGenerationRestart(current)).toEqual({
      file: '/usr/bin/node',
      args: [
        '/usr/bin/node',
        '--max-semi-space-size=16',
        '--enable-source-maps',
        '/app/dist/bin.js',
        'run',
        '--config',
        'p.json',
      ],
    });
    const replay = { ...current, argv: ['/usr/bin/node', '/app/dist/bin.js', 'replay'] };
    expect(youngGenerationRestart(replay)?.args).toContain(semiSpaceFlag);
  });

  it('leaves the other commands, a size given already and a Node without execve as they are', () => {
    const argv = (command: string) => ['/usr/bin/node', '/app/dist/bin.js', command];
    expect(youngGenerationRestart({ ...current, argv: argv('validate') })).toBeUndefined();
    expect(youngGenerationRestart({ ...current, argv: argv('--help') })).toBeUndefined();
    expect(youngGenerationRestart({ ...current, argv: argv('run').slice(0, 2) })).toBeUndefined();
    expect(
      youngGenerationRestart({ ...current, execArgv: ['--max-semi-space-size=64'] }),
    ).toBeUndefined();
    expect(
      youngGenerationRestart({ ...current, nodeOptions: '--max-semi-space-size=8 --trace-gc' }),
    ).toBeUndefined();
    expect(youngGenerationRestart({ ...current, canExecve: false })).toBeUndefined();
  });
});

const hasExecve = typeof (process as { execve?: unknown }).execve === 'function';

describe('the logflush bin', () => {
  // Node < 22.15 / 23.11 has no process.execve: the bin then runs `run` as it is.
  const expected = hasExecve ? [semiSpaceFlag, cliPath, 'run'] : [cliPath, 'run'];

  it(`runs \`run\` in the same process ${hasExecve ? 'with' : 'without'} the semi-space flag, reading stdin as before`, async () => {
    const config = writeTemp(
      'young-generation.json',
      JSON.stringify({ flushers: [{ type: 'flusher_stdout', detail: { OnlyStdout: true } }] }),
    );
    const child = spawn(process.execPath, [cliPath, 'run', '--config', config, '--input', '-'], {
      cwd: appDir,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.stdin.write('first line\n');
    // The pid the test started (execve replaces the program, not the process), its command line
    // once the CLI has handed over the first line.
    const cmdline = () =>
      fs.readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    for (let polls = 0; !stdout.includes('first line'); polls++) {
      expect(polls, cmdline().join(' ')).toBeLessThan(400);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(cmdline().slice(1, expected.length + 1)).toEqual(expected);
    child.stdin.end('second line\n');
    expect(await exited).toBe(0);
    const contents = stdout
      .trimEnd()
      .split('\n')
      .map((line) => (JSON.parse(line) as { content: string }).content);
    expect(contents).toEqual(['first line', 'second line']);
  });
});
