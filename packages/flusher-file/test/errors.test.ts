import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DeliveryError, FlushFailedError, isRetryable } from '@logflush/core';
import { FileOutputError } from '../src/output/fs-errors.js';
import { plugin, type FileFlusher } from '../src/index.js';
import { flush, newDir, range, readText, seqGroup, seqs, start, type Started } from './helpers.js';

async function flushError(
  flusher: FileFlusher,
  groups: Parameters<typeof flush>[1],
): Promise<FlushFailedError> {
  const error = await flush(flusher, groups).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(FlushFailedError);
  return error as FlushFailedError;
}

/** A 64 KiB tmpfs to fill up; when this process may not mount (not root), /dev/full stands in. */
function mountSmallTmpfs(): string | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logflush-file-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    fs.rmdirSync(dir);
    return undefined;
  }
}

const tmpfs = mountSmallTmpfs();
afterAll(() => {
  if (tmpfs === undefined) return;
  execFileSync('umount', [tmpfs]);
  fs.rmdirSync(tmpfs);
});

/** Appends 4 KiB blocks to `file` until the file system refuses with ENOSPC. */
function fillUp(file: string): void {
  const fd = fs.openSync(file, 'a');
  try {
    for (;;) fs.writeSync(fd, Buffer.alloc(4096, 0x78));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    fs.closeSync(fd);
  }
}

if (tmpfs !== undefined) {
  describe('disk full: a real 64 KiB tmpfs', () => {
    it('retries, then rejects naming the file, leaves no partial line, and writes once space is back', async () => {
      const file = path.join(tmpfs, 'out.log');
      const filler = path.join(tmpfs, 'filler');
      const { flusher, context } = await start({ FilePath: file, MaxFileSize: 0 });
      await flush(flusher, [seqGroup(0, 10)]);
      fillUp(filler);
      // 300 lines (~17 KiB): the last page of out.log takes the first few, then the disk is full.
      const error = await flushError(flusher, [seqGroup(10, 300)]);
      expect(error.failedEvents).toBe(300);
      expect(error.message).toBe(
        `flusher_file: 300 of 300 logs not delivered: cannot write to ${file}: no space left on the device (ENOSPC) (300 logs)`,
      );
      expect(seqs(readText(file))).toEqual(range(0, 10));
      expect(readText(file).endsWith('\n')).toBe(true);
      expect(context.metrics.get('retries')).toBe(2);
      expect(
        context.lines.filter((line) => line.level === 'warn').map((line) => line.message),
      ).toEqual([
        `flusher_file: cannot write to ${file}: no space left on the device (ENOSPC); retrying (attempt 2 of 3)`,
        `flusher_file: cannot write to ${file}: no space left on the device (ENOSPC); retrying (attempt 3 of 3)`,
      ]);

      fs.rmSync(filler);
      await flush(flusher, [seqGroup(10, 300)]);
      await flusher.stop();
      expect(seqs(readText(file))).toEqual(range(0, 310));
      expect(context.metrics.snapshot()).toMatchObject({
        in_events: 610,
        out_events: 310,
        failed_events: 300,
      });
    });

    it('keeps the lines that reached rolled files, whole, when the disk fills in the middle of a flush', async () => {
      const file = path.join(tmpfs, 'roll.log');
      const filler = path.join(tmpfs, 'filler');
      const { flusher } = await start({ FilePath: file, MaxFileSize: 4096, MaxFiles: 5 });
      fillUp(filler);
      fs.truncateSync(filler, fs.statSync(filler).size - 2 * 4096); // two pages free: two files' worth
      // 200 lines (~11.5 KiB) need three files of 4 KiB: the third finds the disk full.
      const error = await flushError(flusher, [seqGroup(0, 200)]);
      fs.rmSync(filler);
      await flusher.stop();
      const files = fs.readdirSync(tmpfs).filter((name) => name.startsWith('roll'));
      const written = files
        .flatMap((name) => seqs(readText(path.join(tmpfs, name))))
        .sort((a, b) => a - b);
      expect(written.length).toBeGreaterThan(0);
      expect(error.failedEvents).toBeGreaterThan(0);
      // What reached a file is whole lines and is not counted as failed; the rest is.
      expect(written).toEqual(range(0, 200 - error.failedEvents));
      for (const name of files) fs.rmSync(path.join(tmpfs, name));
    });
  });
} else {
  describe('disk full: SIMULATED with /dev/full (mounting a tmpfs is not permitted here)', () => {
    it('rejects naming the file and the cause after retrying', async () => {
      const { flusher, context } = await start({ FilePath: '/dev/full' });
      const error = await flushError(flusher, [seqGroup(0, 5)]);
      await flusher.stop();
      expect(error.message).toContain(
        'cannot write to /dev/full: no space left on the device (ENOSPC)',
      );
      expect(context.metrics.get('retries')).toBe(2);
    });
  });
}

describe('MaxRetries and Backoff (writes to /dev/full, which always answers ENOSPC)', () => {
  const warnings = (context: Started['context']) =>
    context.lines.filter((line) => line.level === 'warn').map((line) => line.message);

  it('MaxRetries 0: one try, no retry, the error at once', async () => {
    const { flusher, context } = await start({ FilePath: '/dev/full', MaxRetries: 0 });
    const error = await flushError(flusher, [seqGroup(0, 2)]);
    await flusher.stop();
    expect(error.message).toBe(
      'flusher_file: 2 of 2 logs not delivered: cannot write to /dev/full: no space left on the device (ENOSPC) (2 logs)',
    );
    expect(context.metrics.get('retries')).toBe(0);
    expect(warnings(context)).toEqual([]);
  });

  it('retries MaxRetries times, warning before each retry', async () => {
    const { flusher, context } = await start({
      FilePath: '/dev/full',
      MaxRetries: 3,
      Backoff: { Init: '1ms', Max: '2ms' },
    });
    await flushError(flusher, [seqGroup(0, 1)]);
    await flusher.stop();
    expect(context.metrics.get('retries')).toBe(3);
    expect(warnings(context)).toEqual(
      [2, 3, 4].map(
        (attempt) =>
          `flusher_file: cannot write to /dev/full: no space left on the device (ENOSPC); retrying (attempt ${attempt} of 4)`,
      ),
    );
  });

  it('does not wait between retries once urgent', async () => {
    const { flusher, context } = await start({
      FilePath: '/dev/full',
      MaxRetries: 5,
      Backoff: { Init: '10s', Max: '10s' },
    });
    flusher.setUrgent(true);
    const started = Date.now();
    await flushError(flusher, [seqGroup(0, 1)]);
    expect(Date.now() - started).toBeLessThan(5000);
    await flusher.stop();
    expect(context.metrics.get('retries')).toBe(5);
  });

  it('retries by errno code: FileOutputError is a DeliveryError that says whether it is retryable', () => {
    const errno = (code: string) => Object.assign(new Error(code), { code });
    for (const code of [
      'ENOSPC',
      'EDQUOT',
      'EIO',
      'EAGAIN',
      'EBUSY',
      'EINTR',
      'EMFILE',
      'ENFILE',
    ]) {
      const error = new FileOutputError('write to', '/x.log', errno(code));
      expect(error).toBeInstanceOf(DeliveryError);
      expect(isRetryable(error)).toBe(true);
    }
    for (const code of ['EACCES', 'EISDIR', 'ENOTDIR', 'EROFS', 'ELOOP', 'ENAMETOOLONG']) {
      expect(isRetryable(new FileOutputError('open', '/x.log', errno(code)))).toBe(false);
    }
    expect(isRetryable(new FileOutputError('open', '/x.log', new Error('no code')))).toBe(false);
    expect(new FileOutputError('write to', '/x.log', errno('ENOSPC')).message).toBe(
      'cannot write to /x.log: no space left on the device (ENOSPC)',
    );
  });

  it('defaults to 2 retries after 100 ms, at most 1 s apart', () => {
    expect(plugin.parseConfig({ FilePath: '/tmp/x.log' })).toMatchObject({
      MaxRetries: 2,
      Backoff: { Init: 100, Max: 1000 },
    });
  });

  it('rejects a Backoff given as one duration, showing the new form', () => {
    expect(() => plugin.create({ FilePath: '/tmp/x.log', Backoff: '100ms' })).toThrow(
      'detail.Backoff: expected an object, given "100ms" (Backoff is {"Init": …, "Max": …} in every flusher; a single duration such as "500ms" is now {"Init": "500ms"})',
    );
  });
});

describe('errors that retrying cannot fix', () => {
  it('a FilePath that is a directory: rejects at once naming it (EISDIR)', async () => {
    const dir = newDir();
    fs.mkdirSync(path.join(dir, 'out.log'));
    const { flusher, context } = await start({ FilePath: path.join(dir, 'out.log') });
    const error = await flushError(flusher, [seqGroup(0, 3)]);
    await flusher.stop();
    expect(error.message).toBe(
      `flusher_file: 3 of 3 logs not delivered: cannot open ${path.join(dir, 'out.log')}: the path is a directory (EISDIR) (3 logs)`,
    );
    expect(context.metrics.snapshot()).toMatchObject({
      retries: 0,
      failed_events: 3,
      out_events: 0,
    });
  });

  it('a parent that is a file (ENOTDIR), while other files of the same flush are written', async () => {
    const dir = newDir();
    fs.writeFileSync(path.join(dir, 'blocked'), '');
    const { flusher } = await start({ FilePath: path.join(dir, '%{content.app}', 'x.log') });
    const group = seqGroup(0, 2);
    group.Logs[0]!.Contents.push({ Key: 'app', Value: 'blocked' });
    group.Logs[1]!.Contents.push({ Key: 'app', Value: 'fine' });
    const error = await flushError(flusher, [group]);
    await flusher.stop();
    expect(error.failedEvents).toBe(1);
    expect(error.message).toContain(
      `cannot open ${path.join(dir, 'blocked', 'x.log')}: a part of the path is not a directory (ENOTDIR)`,
    );
    expect(seqs(readText(path.join(dir, 'fine', 'x.log')))).toEqual([1]);
  });

  it('permission denied (EACCES): rejects naming the file, in a process that is not root', () => {
    const dir = newDir();
    const locked = path.join(dir, 'locked');
    fs.mkdirSync(locked, { mode: 0o555 });
    fs.chmodSync(dir, 0o755);
    // Root may write anywhere, so the flusher runs in a child process as "nobody" when this one is root.
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const script = `
      import { plugin } from './dist/index.js';
      import { mockContext, createLogGroup, createLogs } from '@logflush/testkit';
      const flusher = plugin.create({ FilePath: ${JSON.stringify(path.join(locked, 'out.log'))} });
      await flusher.init(mockContext());
      const result = await flusher.flush('p', 'l', 'c', [createLogGroup({ logs: createLogs(2) })]).then(
        () => ({ resolved: true }),
        (error) => ({ name: error.name, message: error.message, failedEvents: error.failedEvents }),
      );
      await flusher.stop();
      console.log(JSON.stringify(result));
    `;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: path.resolve(import.meta.dirname, '..'),
      encoding: 'utf8',
      ...asNobody,
    });
    expect(child.error).toBeUndefined();
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual({
      name: 'FlushFailedError',
      message: `flusher_file: 2 of 2 logs not delivered: cannot open ${path.join(locked, 'out.log')}: permission denied (EACCES) (2 logs)`,
      failedEvents: 2,
    });
    expect(fs.readdirSync(locked)).toEqual([]);
  });
});
