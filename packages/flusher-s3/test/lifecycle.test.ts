import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FlusherNotInitializedError, FlusherStoppedError } from '@logflush/core';
import { createLog, createLogGroup, createLogs, mockContext } from '@logflush/testkit';
import { plugin } from '../src/index.js';
import {
  eventually,
  listKeys,
  readObjects,
  readSeqs,
  s3Info,
  serverDetail,
  uniquePrefix,
} from './helpers.js';

const seqs = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => Number((JSON.parse(line) as { seq: string }).seq));

describe('batch triggers', () => {
  it('closes an object at MaxEvents', async () => {
    const prefix = uniquePrefix();
    const flusher = plugin.create(
      serverDetail(prefix, { MaxEvents: 4, KeyFormat: `${prefix}{index}-{uuid}{ext}` }),
    );
    await flusher.init(mockContext());
    await flusher.flush('p', 'l', 'c', [
      createLogGroup({ logs: createLogs(6) }),
      createLogGroup({ logs: createLogs(3, { contents: (i) => ({ seq: String(6 + i) }) }) }),
    ]);
    await flusher.stop();
    const objects = await readObjects(prefix);
    expect(
      objects.map((object) => [
        object.key.slice(prefix.length, prefix.length + 2),
        seqs(object.text),
      ]),
    ).toEqual([
      ['0-', [0, 1, 2, 3]],
      ['1-', [4, 5, 6, 7]],
      ['2-', [8]],
    ]);
  });

  it('closes an object before MaxObjectBytes would be passed, and gives a longer line an object of its own', async () => {
    const prefix = uniquePrefix();
    const flusher = plugin.create(
      serverDetail(prefix, {
        Compression: 'none',
        MaxObjectBytes: 110,
        KeyFormat: `${prefix}{index}-{uuid}{ext}`,
      }),
    );
    await flusher.init(mockContext());
    // Each line is {"__time__":1700000000,"seq":"N","v":"…"}\n: 41 bytes + the value.
    const log = (seq: number, size: number) =>
      createLog({ time: 1700000000, contents: { seq: String(seq), v: 'x'.repeat(size) } });
    await flusher.flush('p', 'l', 'c', [
      createLogGroup({ logs: [log(0, 10), log(1, 10), log(2, 150), log(3, 10)] }),
    ]);
    await flusher.stop();
    const objects = await readObjects(prefix);
    expect(objects.map((object) => [object.raw.length, seqs(object.text)])).toEqual([
      [102, [0, 1]],
      [191, [2]],
      [51, [3]],
    ]);
  });

  it('closes an object FlushInterval after its first log, without stop', async () => {
    const prefix = uniquePrefix();
    const context = mockContext();
    const flusher = plugin.create(serverDetail(prefix, { FlushInterval: '100ms' }));
    await flusher.init(context);
    await flusher.flush('p', 'l', 'c', [createLogGroup({ logs: createLogs(3) })]);
    await eventually(async () => (await listKeys(prefix)).length === 1);
    expect(context.metrics.get('out_events')).toBe(3);
    await flusher.stop();
  });

  it('setUrgent(true) uploads what is pending at once, and every later flush', async () => {
    const prefix = uniquePrefix();
    const flusher = plugin.create(serverDetail(prefix, { FlushInterval: '1h' }));
    await flusher.init(mockContext());
    await flusher.flush('p', 'l', 'c', [createLogGroup({ logs: createLogs(2) })]);
    flusher.setUrgent(true);
    await eventually(async () => (await listKeys(prefix)).length === 1);
    await flusher.flush('p', 'l', 'c', [
      createLogGroup({ logs: createLogs(2, { contents: (i) => ({ seq: String(2 + i) }) }) }),
    ]);
    await eventually(async () => (await listKeys(prefix)).length === 2);
    expect(await readSeqs(prefix)).toEqual([0, 1, 2, 3]);
    await flusher.stop();
  });
});

describe('before init', () => {
  it('isReady is false until init resolved, and flush rejects, accepting nothing', async () => {
    const prefix = uniquePrefix();
    const context = mockContext();
    const flusher = plugin.create(serverDetail(prefix));
    expect(flusher.isReady('p', 'l', 0n)).toBe(false);
    await expect(
      flusher.flush('p', 'l', 'c', [createLogGroup({ logs: createLogs(1) })]),
    ).rejects.toBeInstanceOf(FlusherNotInitializedError);
    const starting = flusher.init(context);
    expect(flusher.isReady('p', 'l', 0n)).toBe(false);
    await starting;
    expect(flusher.isReady('p', 'l', 0n)).toBe(true);
    expect(context.metrics.get('in_events')).toBe(0);
    await flusher.stop();
    expect(await listKeys(prefix)).toEqual([]);
  });
});

describe('back-pressure', () => {
  it('isReady is false while MaxBufferedBytes are held, and true again once they are uploaded', async () => {
    const prefix = uniquePrefix();
    const flusher = plugin.create(
      serverDetail(prefix, { Compression: 'none', MaxBufferedBytes: 1000, FlushInterval: '1h' }),
    );
    await flusher.init(mockContext());
    expect(flusher.isReady('p', 'l', 0n)).toBe(true);
    await flusher.flush('p', 'l', 'c', [createLogGroup({ logs: createLogs(40) })]);
    // 40 lines of about 60 bytes: past the bound, so the object was closed early and is on its way.
    expect(flusher.isReady('p', 'l', 0n)).toBe(false);
    await eventually(() => flusher.isReady('p', 'l', 0n));
    expect(await readSeqs(prefix)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    await flusher.stop();
    expect(flusher.isReady('p', 'l', 0n)).toBe(false);
  });
});

describe('stop', () => {
  it('uploads everything accepted, rejects flush afterwards, and is safe twice', async () => {
    const prefix = uniquePrefix();
    const context = mockContext();
    const flusher = plugin.create(
      serverDetail(prefix, { FlushInterval: '1h', KeyFormat: `${prefix}%{tag.k}/{uuid}{ext}` }),
    );
    await flusher.init(context);
    const flushes = [0, 1, 2].map((k) =>
      flusher.flush('p', 'l', 'c', [
        createLogGroup({
          logs: createLogs(5, { contents: (i) => ({ seq: String(k * 5 + i) }) }),
          tags: { k: String(k) },
        }),
      ]),
    );
    await Promise.all(flushes);
    await flusher.stop();
    await flusher.stop();
    expect(await readSeqs(prefix)).toEqual(Array.from({ length: 15 }, (_, i) => i));
    expect(context.metrics.snapshot()).toMatchObject({
      in_events: 15,
      out_events: 15,
      failed_events: 0,
      out_objects: 3,
    });
    await expect(
      flusher.flush('p', 'l', 'c', [createLogGroup({ logs: createLogs(1) })]),
    ).rejects.toBeInstanceOf(FlusherStoppedError);
  });

  it('leaves nothing running: a process that flushes and stops exits by itself', () => {
    const info = s3Info();
    const prefix = uniquePrefix();
    const detail = serverDetail(prefix, { FlushInterval: '1h', Compression: 'zstd' });
    const script = `
      import { plugin } from './dist/index.js';
      import { mockContext, createLogGroup, createLogs } from '@logflush/testkit';
      const flusher = plugin.create(${JSON.stringify(detail)});
      await flusher.init(mockContext());
      await flusher.flush('p', 'l', 'c', [createLogGroup({ logs: createLogs(10) })]);
      await flusher.stop();
      console.log('stopped');
    `;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: path.resolve(import.meta.dirname, '..'),
      encoding: 'utf8',
      timeout: 20_000,
      env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' },
    });
    expect(result.stdout).toBe('stopped\n');
    expect(result.status).toBe(0);
    expect(result.stderr).not.toContain(info.secretAccessKey);
  });
});
