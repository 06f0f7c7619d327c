import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FlushFailedError, FlusherNotInitializedError } from '@logflush/core';
import { createLog, createLogGroup, createLogs, mockContext } from '@logflush/testkit';
import { plugin } from '../src/index.js';
import { readKvFile, tempDir } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function newDir(): string {
  const dir = tempDir();
  dirs.push(dir);
  return dir;
}

async function run(
  detail: Record<string, unknown>,
  groups = [createLogGroup({ logs: createLogs(3) })],
) {
  const context = mockContext();
  const flusher = plugin.create(detail);
  await flusher.init(context);
  await flusher.flush('p', 'l', 'c', groups);
  await flusher.stop();
  return context;
}

describe('FileName: size-rolled file', () => {
  it('rolls to name.1 … name.<MaxRolls> without splitting lines and keeps the newest', async () => {
    const file = path.join(newDir(), 'out.log');
    // Each line is {"seq":"N","content":"log line N","__time__":"17000000NN"} = 58–60 bytes.
    const logs = createLogs(40);
    await run({ FileName: file, MaxSize: 200, MaxRolls: 3 }, [createLogGroup({ logs })]);
    const files = fs.readdirSync(path.dirname(file)).sort();
    expect(files).toEqual(['out.log', 'out.log.1', 'out.log.2', 'out.log.3']);
    for (const name of files) {
      const text = fs.readFileSync(path.join(path.dirname(file), name), 'utf8');
      expect(text.endsWith('\n')).toBe(true);
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(200);
    }
    const kept = [...files]
      .reverse()
      .flatMap((name) => readKvFile(path.join(path.dirname(file), name)));
    const seqs = kept.map((contents) => Number(contents.seq));
    // The newest logs survive, in order, ending with the last one written.
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => 40 - seqs.length + i));
    expect(seqs.length).toBeGreaterThanOrEqual(9);
  });

  it('appends to an existing file and counts its size toward MaxSize', async () => {
    const file = path.join(newDir(), 'out.log');
    fs.writeFileSync(file, 'x'.repeat(190) + '\n');
    await run({ FileName: file, MaxSize: 200, MaxRolls: 1 });
    expect(fs.readFileSync(`${file}.1`, 'utf8')).toBe('x'.repeat(190) + '\n');
    expect(readKvFile(file).map((c) => c.seq)).toEqual(['0', '1', '2']);
  });

  it('writes a line longer than MaxSize whole, into a file of its own', async () => {
    const file = path.join(newDir(), 'out.log');
    const big = createLog({ time: 1, contents: { seq: '0', content: 'y'.repeat(500) } });
    const small = createLog({ time: 2, contents: { seq: '1', content: 'z' } });
    await run({ FileName: file, MaxSize: 100, MaxRolls: 5 }, [
      createLogGroup({ logs: [small, big, small] }),
    ]);
    expect(fs.readFileSync(`${file}.1`, 'utf8')).toBe(
      `{"seq":"0","content":"${'y'.repeat(500)}","__time__":"1"}\n`,
    );
    expect(fs.readFileSync(`${file}.2`, 'utf8')).toBe('{"seq":"1","content":"z","__time__":"2"}\n');
    expect(fs.readFileSync(file, 'utf8')).toBe('{"seq":"1","content":"z","__time__":"2"}\n');
  });

  it('never rolls a path that is not a regular file, such as /dev/null', async () => {
    const context = await run({ FileName: '/dev/null', MaxSize: 1, MaxRolls: 1 });
    expect(fs.statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(fs.existsSync('/dev/null.1')).toBe(false);
    expect(context.metrics.get('out_events')).toBe(3);
  });

  it('fails init with the path when the file cannot be opened', async () => {
    const flusher = plugin.create({ FileName: path.join(newDir(), 'missing', 'out.log') });
    await expect(flusher.init(mockContext())).rejects.toThrow(/missing\/out\.log/);
  });

  it('prefixes lines with the local date and time when DateTimePrefix is on', async () => {
    const file = path.join(newDir(), 'out.log');
    await run({ FileName: file, DateTimePrefix: true });
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(line).toMatch(
        /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \{"seq":"\d","content":"log line \d","__time__":"\d+"\}$/,
      );
    }
  });
});

describe('without OnlyStdout or FileName', () => {
  it('writes each line to the context logger at info level, as iLogtail does', async () => {
    const context = await run({ Tags: true }, [
      createLogGroup({ logs: [createLog({ time: 5, contents: { a: 'b' } })], topic: 't' }),
    ]);
    expect(context.lines).toEqual([
      {
        level: 'info',
        message: '[LogGroup] topic t, logstore , logcount 1, tags []',
        fields: undefined,
      },
      { level: 'info', message: '{"a":"b","__time__":"5"}', fields: undefined },
    ]);
    expect(context.metrics.snapshot()).toMatchObject({
      in_events: 1,
      in_event_groups: 1,
      out_events: 1,
    });
  });
});

describe('OnlyStdout', () => {
  it('writes exactly the kv lines to stdout and nothing else', () => {
    const script = `
      import { plugin } from './dist/index.js';
      import { mockContext, createLogGroup, createLog } from '@logflush/testkit';
      const flusher = plugin.create({ OnlyStdout: true });
      await flusher.init(mockContext());
      const logs = [createLog({ time: 9, contents: { msg: 'a<b' } }), createLog({ time: 10, contents: { msg: 'é' } })];
      await flusher.flush('p', 'l', 'c', [createLogGroup({ logs })]);
      await flusher.stop();
    `;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: path.resolve(import.meta.dirname, '..'),
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('{"msg":"a<b","__time__":"9"}\n{"msg":"é","__time__":"10"}\n');
    expect(result.status).toBe(0);
  });
});

describe('a failed write', () => {
  it.skipIf(!fs.existsSync('/dev/full'))(
    'rejects flush with a FlushFailedError naming the target and the error, and counts failed_events',
    async () => {
      const context = mockContext();
      const flusher = plugin.create({ FileName: '/dev/full' });
      await flusher.init(context);
      const flushed = flusher.flush('p', 'l', 'c', [createLogGroup({ logs: createLogs(3) })]);
      await expect(flushed).rejects.toBeInstanceOf(FlushFailedError);
      const error = (await flushed.catch((e: unknown) => e)) as FlushFailedError;
      expect(error.message).toBe(
        'flusher_stdout: 3 of 3 logs not delivered: writing to /dev/full failed: ENOSPC: no space left on device, write (3 logs)',
      );
      expect(error.failedEvents).toBe(3);
      expect(error.reasons).toEqual([
        { reason: 'writing to /dev/full failed: ENOSPC: no space left on device, write', logs: 3 },
      ]);
      expect((error.cause as NodeJS.ErrnoException).code).toBe('ENOSPC');
      expect(context.metrics.snapshot()).toMatchObject({ in_events: 3, failed_events: 3 });
      expect(context.metrics.get('out_events')).toBe(0);
      await flusher.stop();
    },
  );

  it('from the logger is reported the same way', async () => {
    const context = mockContext();
    context.logger.info = () => {
      throw new Error('logger closed');
    };
    const flusher = plugin.create({});
    await flusher.init(context);
    await expect(
      flusher.flush('p', 'l', 'c', [createLogGroup({ logs: createLogs(2) })]),
    ).rejects.toThrow(
      'flusher_stdout: 2 of 2 logs not delivered: writing to the logger failed: logger closed (2 logs)',
    );
    expect(context.metrics.get('failed_events')).toBe(2);
    await flusher.stop();
  });
});

describe('lifecycle (FlusherBase)', () => {
  it('is not ready and rejects flush before init, and counts nothing', async () => {
    const context = mockContext();
    const flusher = plugin.create({ FileName: path.join(newDir(), 'out.log') });
    expect(flusher.isReady('p', 'l', 0n)).toBe(false);
    await expect(
      flusher.flush('p', 'l', 'c', [createLogGroup({ logs: createLogs(1) })]),
    ).rejects.toBeInstanceOf(FlusherNotInitializedError);
    await flusher.init(context);
    expect(flusher.isReady('p', 'l', 0n)).toBe(true);
    expect(context.metrics.get('in_events')).toBe(0);
    await flusher.stop();
  });

  it('returns the same stop promise every time, and closes the file once after the flushes in progress', async () => {
    const file = path.join(newDir(), 'out.log');
    const flusher = plugin.create({ FileName: file });
    await flusher.init(mockContext());
    const flushed = flusher.flush('p', 'l', 'c', [createLogGroup({ logs: createLogs(2) })]);
    const first = flusher.stop();
    expect(flusher.stop()).toBe(first);
    await Promise.all([flushed, first]);
    expect(readKvFile(file).map((c) => c.seq)).toEqual(['0', '1']);
    expect(flusher.isReady('p', 'l', 0n)).toBe(false);
  });
});
