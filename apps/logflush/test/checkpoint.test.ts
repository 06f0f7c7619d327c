import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  cleanupDirs,
  countSeqs,
  eventually,
  LineWriter,
  readTree,
  scratchDir,
  startCli,
  tally,
  waitLimitMs,
} from './follow-support.js';
import { appDir, cliPath, runCli } from './helpers.js';

const isRoot = process.getuid?.() === 0;
const mounts: string[] = [];
afterAll(() => {
  for (const mount of mounts.splice(0)) {
    try {
      execFileSync('umount', [mount]);
    } catch {
      // already gone
    }
  }
  cleanupDirs();
});

function setup(lines = 50) {
  const dir = scratchDir();
  const input = path.join(dir, 'app.log');
  const writer = new LineWriter(input);
  writer.write(lines);
  const out = path.join(dir, 'out');
  const config = path.join(dir, 'pipeline.json');
  fs.writeFileSync(
    config,
    JSON.stringify({
      flushers: [{ type: 'flusher_file', detail: { FilePath: path.join(out, 'out.log') } }],
    }),
  );
  return { dir, input, out, config, writer };
}

const once = (s: ReturnType<typeof setup>, checkpoint: string, ...more: string[]) =>
  runCli(['run', '--config', s.config, '--input', s.input, '--checkpoint', checkpoint, ...more]);

describe('--checkpoint without --follow', () => {
  it('resumes where the last run left off: a second run sends only what was appended', () => {
    const s = setup(30);
    const checkpoint = path.join(s.dir, 'cp.json');
    expect(once(s, checkpoint).status).toBe(0);
    s.writer.write(20);
    expect(once(s, checkpoint).status).toBe(0);
    expect(tally(countSeqs(readTree(s.out)).counts, 50)).toEqual({ missing: [], duplicates: 0 });
    const saved = JSON.parse(fs.readFileSync(checkpoint, 'utf8')) as {
      version: number;
      files: Array<{ path: string; offset: number; dev: number; ino: number }>;
    };
    const stat = fs.statSync(s.input);
    expect(saved.version).toBe(1);
    expect(saved.files).toMatchObject([
      { path: s.input, offset: stat.size, dev: stat.dev, ino: stat.ino },
    ]);
  });
});

describe('checkpoint errors', () => {
  it('an unparseable checkpoint is an error naming it; nothing is read, sent or changed', () => {
    const s = setup();
    const checkpoint = path.join(s.dir, 'cp.json');
    fs.writeFileSync(checkpoint, '{"version": 1, "files": [{"path": ');
    const result = once(s, checkpoint);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `logflush: checkpoint ${checkpoint} cannot be parsed: not valid JSON (${jsonError('{"version": 1, "files": [{"path": ')}). Nothing was read or sent. Move it aside to start over (every file is then read as never seen before), or run with --move-bad-checkpoint to have it moved aside\n`,
    );
    expect(readTree(s.out)).toEqual([]);
    expect(fs.readFileSync(checkpoint, 'utf8')).toBe('{"version": 1, "files": [{"path": ');
    // The wrong shape is named too.
    fs.writeFileSync(checkpoint, '{"version": 1, "files": [{"path": "x"}]}');
    expect(once(s, checkpoint).stderr).toContain(
      'cannot be parsed: files[0] is not { path, dev, ino, offset, fingerprint: { bytes, sha256 } }',
    );
  });

  it('--move-bad-checkpoint moves it aside with a warning and reads every file from its start', () => {
    const s = setup();
    const checkpoint = path.join(s.dir, 'cp.json');
    fs.writeFileSync(checkpoint, 'garbage');
    const result = once(s, checkpoint, '--move-bad-checkpoint');
    expect(result.status).toBe(0);
    const aside = fs.readdirSync(s.dir).find((name) => name.startsWith('cp.json.bad-'));
    expect(aside).toBeDefined();
    expect(fs.readFileSync(path.join(s.dir, aside!), 'utf8')).toBe('garbage');
    expect(result.stderr).toContain(
      `logflush: checkpoint ${checkpoint} cannot be parsed (not valid JSON`,
    );
    expect(result.stderr).toContain(
      `moved to ${path.join(s.dir, aside!)}; every file is read as never seen before`,
    );
    expect(tally(countSeqs(readTree(s.out)).counts, 50)).toEqual({ missing: [], duplicates: 0 });
  });

  it('a checkpoint folder without write permission: a clear error before anything is sent; nothing lost', () => {
    const s = setup();
    const locked = path.join(s.dir, 'locked');
    fs.mkdirSync(locked, { mode: 0o555 });
    fs.chmodSync(locked, 0o555);
    const checkpoint = path.join(locked, 'cp.json');
    // root ignores permissions: run the CLI as nobody, with the files it needs open to it.
    const asUser = isRoot ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
    if (isRoot) {
      fs.chmodSync(s.dir, 0o777);
      fs.mkdirSync(s.out, { mode: 0o777 });
      fs.chmodSync(s.out, 0o777);
    }
    const run = (file: string) =>
      execCli(asUser, ['run', '--config', s.config, '--input', s.input, '--checkpoint', file]);
    const denied = run(checkpoint);
    expect(denied.status).toBe(1);
    expect(denied.stderr).toMatch(
      new RegExp(
        `^logflush: cannot write checkpoint ${escape(checkpoint)}: permission denied \\(EACCES\\)`,
      ),
    );
    expect(readTree(s.out)).toEqual([]);
    // Writable again: everything is delivered.
    fs.chmodSync(locked, 0o777);
    expect(run(checkpoint).status).toBe(0);
    expect(tally(countSeqs(readTree(s.out)).counts, 50)).toEqual({ missing: [], duplicates: 0 });
  });

  it.skipIf(!isRoot)(
    'a full disk: refused at start; when it fills during a run, a warning, delivery goes on, exit 3, and a restart loses nothing',
    async () => {
      const s = setup(100);
      const disk = path.join(s.dir, 'disk');
      fs.mkdirSync(disk);
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', disk]);
      mounts.push(disk);
      const checkpoint = path.join(disk, 'cp.json');
      const fill = () => {
        try {
          fs.writeFileSync(path.join(disk, 'filler'), Buffer.alloc(1024 * 1024));
        } catch {
          // full now, which is the point
        }
      };
      // Full before the start: exit 1 before anything is sent.
      fill();
      const refused = once(s, checkpoint);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain(
        `logflush: cannot write checkpoint ${checkpoint}: no space left on the device (ENOSPC)`,
      );
      expect(readTree(s.out)).toEqual([]);
      fs.rmSync(path.join(disk, 'filler'));

      // Fills during a run.
      const run = startCli([
        'run',
        '--config',
        s.config,
        '--input',
        s.input,
        '--follow',
        '--checkpoint',
        checkpoint,
        '--poll-interval',
        '50ms',
      ]);
      await eventually(
        () => countSeqs(readTree(s.out)).counts.size === 100,
        waitLimitMs,
        'the first 100 lines delivered',
        () => run.stderr(),
      );
      await eventually(
        () => fs.existsSync(checkpoint) && fs.readFileSync(checkpoint, 'utf8').includes(s.input),
        waitLimitMs,
        'the checkpoint written with the input',
        () => run.stderr(),
      );
      const before = fs.readFileSync(checkpoint, 'utf8');
      fill();
      s.writer.write(100);
      await eventually(
        () => run.stderr().includes('ENOSPC'),
        waitLimitMs,
        'the ENOSPC warning',
        () => run.stderr(),
      );
      await eventually(
        () => countSeqs(readTree(s.out)).counts.size === 200,
        waitLimitMs,
        'the next 100 lines delivered',
        () => run.stderr(),
      );
      expect(fs.readFileSync(checkpoint, 'utf8')).toBe(before);
      run.child.kill('SIGTERM');
      expect((await run.exited).code).toBe(3);
      expect(run.stderr()).toContain(
        `logflush: cannot write checkpoint ${checkpoint}: no space left on the device (ENOSPC); it stays at its last written state (a restart sends again from there: nothing is lost)`,
      );
      // Space again: a restart sends again what came after the last checkpoint, and loses nothing.
      fs.rmSync(path.join(disk, 'filler'));
      s.writer.write(10);
      expect(once(s, checkpoint).status).toBe(0);
      const { counts } = countSeqs(readTree(s.out));
      const { missing, duplicates } = tally(counts, 210);
      expect(missing).toEqual([]);
      expect(duplicates).toBe(100);
    },
    150_000,
  );
});

function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Runs the CLI, under `prefix` (e.g. setpriv as another user) when given. */
function execCli(prefix: string[], args: string[]) {
  const [command, ...argv] = [...prefix, process.execPath, cliPath, ...args];
  const result = spawnSync(command!, argv, { cwd: appDir, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
