import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogGroup, createLogs, mockContext } from '@logflush/testkit';
import { plugin, type FileFlusher } from '../src/index.js';
import {
  flush,
  listFiles,
  newDir,
  openFilesUnder,
  range,
  readText,
  run,
  seqGroup,
  seqs,
  start,
} from './helpers.js';

const ready = (flusher: FileFlusher) => flusher.isReady('test-project', 'test-logstore', 1n);

describe('buffer bound and isReady', () => {
  it('turns isReady false while MaxBufferedBytes of lines wait to be written, and true once they are', async () => {
    const dir = newDir();
    const { flusher } = await start({
      FilePath: path.join(dir, 'out.log'),
      MaxBufferedBytes: 4096,
    });
    expect(ready(flusher)).toBe(true);
    const first = flush(flusher, [seqGroup(0, 50)]); // ~2.9 KiB: below the bound
    expect(ready(flusher)).toBe(true);
    const second = flush(flusher, [seqGroup(50, 50)]); // now ~5.8 KiB are waiting
    expect(flusher.bufferedBytes).toBeGreaterThanOrEqual(4096);
    expect(ready(flusher)).toBe(false);
    await Promise.all([first, second]);
    expect(flusher.bufferedBytes).toBe(0);
    expect(ready(flusher)).toBe(true);
    await flusher.stop();
    expect(seqs(readText(path.join(dir, 'out.log')))).toEqual(range(0, 100));
  });

  it('writes every flush to a file in the order flush was called', async () => {
    const dir = newDir();
    const { flusher } = await start({
      FilePath: path.join(dir, 'out.log'),
      MaxFileSize: 2000,
      MaxFiles: 50,
    });
    await Promise.all(range(0, 10).map((batch) => flush(flusher, [seqGroup(batch * 20, 20)])));
    await flusher.stop();
    const files = listFiles(dir).sort((a, b) => rollNumber(b) - rollNumber(a));
    expect(files.flatMap((name) => seqs(readText(path.join(dir, name))))).toEqual(range(0, 200));
  });
});

function rollNumber(name: string): number {
  const match = /^out\.(\d+)\.log$/.exec(name);
  return match === null ? 0 : Number(match[1]);
}

describe('stop', () => {
  it('waits for flushes still in progress, fsyncs and closes every file', async () => {
    const dir = newDir();
    const { flusher } = await start({ FilePath: path.join(dir, '%{content.app}.log') });
    const groups = ['a', 'b', 'c'].map((app, i) =>
      createLogGroup({
        logs: createLogs(5, { contents: (n) => ({ seq: String(i * 5 + n), app }) }),
      }),
    );
    const pending = flush(flusher, groups);
    await flusher.stop();
    await pending;
    expect(listFiles(dir)).toEqual(['a.log', 'b.log', 'c.log']);
    expect(['a', 'b', 'c'].flatMap((app) => seqs(readText(path.join(dir, `${app}.log`))))).toEqual(
      range(0, 15),
    );
    expect(openFilesUnder(dir)).toEqual([]);
  });

  it('waits for rolled files to be compressed', async () => {
    const dir = newDir();
    await run({ FilePath: path.join(dir, 'out.log'), MaxFileSize: 100, Compression: 'gzip' }, [
      seqGroup(0, 3),
    ]);
    expect(listFiles(dir)).toEqual(['out.1.log.gz', 'out.2.log.gz', 'out.log']);
  });

  it('is safe before init', async () => {
    const flusher = plugin.create({ FilePath: path.join(newDir(), 'out.log') });
    await flusher.stop();
    await expect(flusher.flush('p', 'l', 'c', [])).rejects.toThrow(/after stop/);
  });

  it('leaves nothing running: the process exits by itself (Sync interval, IdleTimeout, zstd)', () => {
    const dir = newDir();
    const script = `
      import { plugin } from './dist/index.js';
      import { mockContext, createLogGroup, createLogs } from '@logflush/testkit';
      const flusher = plugin.create({
        FilePath: ${JSON.stringify(path.join(dir, 'out.log'))},
        Sync: 'interval', SyncInterval: '5ms', IdleTimeout: '1h', MaxFileSize: 200, Compression: 'zstd',
      });
      const context = mockContext();
      await flusher.init(context);
      await flusher.flush('p', 'l', 'c', [createLogGroup({ logs: createLogs(10) })]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      await flusher.stop();
      console.log(JSON.stringify(context.metrics.snapshot()));
    `;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: path.resolve(import.meta.dirname, '..'),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.stderr).toBe('');
    expect(child.signal).toBe(null);
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout)).toMatchObject({
      in_events: 10,
      out_events: 10,
      failed_events: 0,
    });
    expect(listFiles(dir).filter((name) => name.endsWith('.zst')).length).toBeGreaterThan(0);
  });
});

describe('files renamed or removed by another program (logrotate)', () => {
  it('reopens the path after a rename (logrotate create): old lines stay in the renamed file', async () => {
    const dir = newDir();
    const file = path.join(dir, 'out.log');
    const { flusher } = await start({ FilePath: file });
    await flush(flusher, [seqGroup(0, 10)]);
    fs.renameSync(file, `${file}.1`);
    fs.writeFileSync(file, '', { mode: 0o640 }); // logrotate's "create 0640"
    await flush(flusher, [seqGroup(10, 10)]);
    expect(openFilesUnder(dir)).toEqual([file]);
    await flush(flusher, [seqGroup(20, 10)]);
    await flusher.stop();
    expect(seqs(readText(`${file}.1`))).toEqual(range(0, 10));
    expect(seqs(readText(file))).toEqual(range(10, 20));
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
  });

  it('creates the file again after a rename without create, or a removal', async () => {
    const dir = newDir();
    const file = path.join(dir, 'out.log');
    const { flusher } = await start({ FilePath: file });
    await flush(flusher, [seqGroup(0, 5)]);
    fs.renameSync(file, `${file}.old`);
    await flush(flusher, [seqGroup(5, 5)]);
    fs.rmSync(file);
    await flush(flusher, [seqGroup(10, 5)]);
    await flusher.stop();
    expect(seqs(readText(`${file}.old`))).toEqual(range(0, 5));
    expect(seqs(readText(file))).toEqual(range(10, 5));
  });

  it('counts from the new size after copytruncate, so the next roll comes at MaxFileSize', async () => {
    const dir = newDir();
    const file = path.join(dir, 'out.log');
    const { flusher } = await start({ FilePath: file, MaxFileSize: 600, MaxFiles: 5 });
    await flush(flusher, [seqGroup(0, 9)]); // ~520 bytes
    fs.copyFileSync(file, `${file}.copy`);
    fs.truncateSync(file, 0);
    await flush(flusher, [seqGroup(9, 9)]); // fits in the emptied file: no roll
    await flusher.stop();
    expect(listFiles(dir)).toEqual(['out.log', 'out.log.copy']);
    expect(seqs(readText(file))).toEqual(range(9, 9));
  });

  it('loses nothing when logs keep coming while the file is rotated by rename mid-run', async () => {
    const dir = newDir();
    const file = path.join(dir, 'out.log');
    const { flusher } = await start({ FilePath: file });
    const writes: Array<Promise<void>> = [];
    for (let batch = 0; batch < 20; batch++) {
      writes.push(flush(flusher, [seqGroup(batch * 10, 10)]));
      if (batch % 5 === 4) {
        await writes.at(-1);
        fs.renameSync(file, `${file}.${batch}`);
      }
    }
    await Promise.all(writes);
    await flusher.stop();
    const all = listFiles(dir).flatMap((name) => seqs(readText(path.join(dir, name))));
    expect(all.sort((a, b) => a - b)).toEqual(range(0, 200));
  });
});

describe('MaxOpenFiles', () => {
  it('keeps at most MaxOpenFiles open, closing the least recently written first', async () => {
    const dir = newDir();
    const { flusher } = await start({
      FilePath: path.join(dir, '%{content.app}.log'),
      MaxOpenFiles: 2,
    });
    const write = (app: string, seq: number) =>
      flush(flusher, [
        createLogGroup({ logs: createLogs(1, { contents: () => ({ seq: String(seq), app }) }) }),
      ]);
    await write('a', 0);
    await write('b', 1);
    expect(openFilesUnder(dir)).toEqual([path.join(dir, 'a.log'), path.join(dir, 'b.log')]);
    await write('a', 2); // a is now the most recent
    await write('c', 3); // closes b
    expect(openFilesUnder(dir)).toEqual([path.join(dir, 'a.log'), path.join(dir, 'c.log')]);
    await write('b', 4); // closes a
    expect(openFilesUnder(dir)).toEqual([path.join(dir, 'b.log'), path.join(dir, 'c.log')]);
    await flusher.stop();
    expect(seqs(readText(path.join(dir, 'a.log')))).toEqual([0, 2]);
    expect(seqs(readText(path.join(dir, 'b.log')))).toEqual([1, 4]);
  });

  it('writes one flush to more files than MaxOpenFiles, one after another', async () => {
    const dir = newDir();
    const apps = range(0, 12).map((i) => `app${i}`);
    const group = createLogGroup({
      logs: createLogs(48, { contents: (i) => ({ seq: String(i), app: apps[i % 12]! }) }),
    });
    await run({ FilePath: path.join(dir, '%{content.app}.log'), MaxOpenFiles: 3 }, [group]);
    expect(listFiles(dir)).toHaveLength(12);
    for (const [i, app] of apps.entries()) {
      expect(seqs(readText(path.join(dir, `${app}.log`)))).toEqual([i, i + 12, i + 24, i + 36]);
    }
  });
});

describe('several pipelines at once', () => {
  it('flush concurrently to their own templated paths without mixing or losing lines', async () => {
    const dir = newDir();
    const pipelines = await Promise.all(
      ['p0', 'p1', 'p2', 'p3'].map(async (name) => {
        const context = mockContext({ configName: name });
        const flusher = plugin.create({
          FilePath: path.join(dir, '%{tag.pipeline}', '%{content.app}-%H.log'),
          MaxFileSize: 4096,
          MaxFiles: 100,
          MaxOpenFiles: 2,
        });
        await flusher.init(context);
        return { name, flusher, context };
      }),
    );
    const batch = (pipeline: string, index: number) =>
      createLogGroup({
        tags: { pipeline },
        logs: createLogs(30, {
          startTime: 1700000000 + index * 600, // a new hour every 6 batches
          contents: (i) => ({ seq: String(index * 30 + i), app: `app${i % 3}` }),
        }),
      });
    await Promise.all(
      pipelines.map(async ({ name, flusher }) => {
        const flushes = range(0, 20).map((index) =>
          flusher.flush('p', 'l', name, [batch(name, index)]),
        );
        await Promise.all(flushes);
        await flusher.stop();
      }),
    );
    for (const { name, context } of pipelines) {
      const files = listFiles(path.join(dir, name));
      const found = files.flatMap((file) =>
        readText(path.join(dir, name, file))
          .trimEnd()
          .split('\n'),
      );
      const lines = found.map(
        (line) => JSON.parse(line) as { pipeline: string; seq: string; app: string },
      );
      expect(lines.every((line) => line.pipeline === name)).toBe(true);
      expect(lines.map((line) => Number(line.seq)).sort((a, b) => a - b)).toEqual(range(0, 600));
      for (const file of files) {
        const app = /^(app\d)-\d\d(?:\.\d+)?\.log$/.exec(file)?.[1];
        expect(app).toBeDefined();
        for (const line of seqs(readText(path.join(dir, name, file))))
          expect(`app${line % 3}`).toBe(app);
      }
      expect(context.metrics.snapshot()).toMatchObject({
        in_events: 600,
        out_events: 600,
        failed_events: 0,
      });
    }
  });
});

describe('Sync always', () => {
  it('resolves a flush only once its lines are written', async () => {
    const dir = newDir();
    const { flusher } = await start({ FilePath: path.join(dir, 'out.log'), Sync: 'always' });
    await flush(flusher, [seqGroup(0, 3)]);
    expect(seqs(readText(path.join(dir, 'out.log')))).toEqual([0, 1, 2]);
    await flusher.stop();
  });
});

describe('options', () => {
  it('requires FilePath', () => {
    expect(() => plugin.create({})).toThrow('detail.FilePath: required option missing');
  });

  it('rejects MaxFiles 0 and a negative MaxFileSize, naming each', () => {
    expect(() => plugin.create({ FilePath: '/tmp/x.log', MaxFiles: 0, MaxFileSize: -1 })).toThrow(
      /detail\.MaxFileSize[\s\S]*detail\.MaxFiles|detail\.MaxFiles[\s\S]*detail\.MaxFileSize/,
    );
  });

  it('rejects an unknown Format, suggesting nothing it does not have', () => {
    expect(() => plugin.create({ FilePath: '/tmp/x.log', Format: 'jsonl' })).toThrow(
      'detail.Format: expected one of "json", "kv", "custom_single", "raw", given "jsonl"',
    );
  });

  it('accepts durations as strings or nanoseconds, and names case-insensitively', () => {
    const config = plugin.parseConfig({
      filepath: '/tmp/x.log',
      syncinterval: 250_000_000,
      IdleTimeout: '2m',
    });
    expect(config).toMatchObject({
      FilePath: '/tmp/x.log',
      SyncInterval: 250,
      IdleTimeout: 120_000,
    });
  });

  it('rejects a SyncInterval of 0', () => {
    expect(() => plugin.create({ FilePath: '/tmp/x.log', SyncInterval: '0s' })).toThrow(
      'detail.SyncInterval: expected a duration above 0',
    );
  });

  it('describes itself with its format and path', () => {
    expect(plugin.create({ FilePath: '/var/log/out.log', Format: 'kv' }).description()).toBe(
      'file flusher: writes each log as a kv line to /var/log/out.log',
    );
  });
});
