import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPipeline, type PipelineOptions } from '../dist/index.js';
import { contents, gate, gateFlusher, quietLogger, rejectingFlusher, sleep } from './support.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logflush-pipeline-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const gateConfig = { flushers: [{ type: 'flusher_gate' }] };

async function gatePipeline(options: PipelineOptions = {}, open = true) {
  const state = gate(open);
  const pipeline = await createPipeline(gateConfig, {
    plugins: [gateFlusher(state)],
    logger: quietLogger(),
    source: '10.0.0.1',
    ...options,
  });
  return { state, pipeline };
}

describe('grouping', () => {
  it('cuts groups at maxGroupLogs and sets Category, Topic, Source and tags from the options', async () => {
    const { state, pipeline } = await gatePipeline({
      maxGroupLogs: 2,
      logstore: 'access',
      topic: 'web',
      tags: { env: 'prod', __hostname__: 'h1' },
    });
    for (let i = 0; i < 5; i++) pipeline.write({ i, __time__: 1700000000 + i });
    await pipeline.flush();
    expect(state.groups.map((group) => group.Logs.length)).toEqual([2, 2, 1]);
    expect(state.groups[0]).toEqual({
      Logs: [
        { Time: 1700000000, Contents: [{ Key: 'i', Value: '0' }] },
        { Time: 1700000001, Contents: [{ Key: 'i', Value: '1' }] },
      ],
      Category: 'access',
      Topic: 'web',
      Source: '10.0.0.1',
      LogTags: [
        { Key: 'env', Value: 'prod' },
        { Key: '__hostname__', Value: 'h1' },
      ],
    });
    const outcome = await pipeline.close();
    expect(outcome).toMatchObject({ delivered: 5, undelivered: 0, dropped: 0 });
    expect(state.urgent).toBe(true);
    expect(state.stopped).toBe(true);
  });

  it('cuts groups at maxGroupBytes (content keys and values)', async () => {
    const { state, pipeline } = await gatePipeline({ maxGroupBytes: 10 });
    // "k"+"aaaa" = 5 bytes each: two fit in 10, the third starts a group; an oversized log goes alone.
    for (const value of ['aaaa', 'bbbb', 'cccc', 'x'.repeat(30), 'dddd'])
      pipeline.write({ k: value, __time__: 1 });
    await pipeline.close();
    expect(state.groups.map((group) => contents(group).map((c) => c.k))).toEqual([
      ['aaaa', 'bbbb'],
      ['cccc'],
      ['x'.repeat(30)],
      ['dddd'],
    ]);
  });

  it('hands a partial group over after lingerMs, without flush()', async () => {
    const { state, pipeline } = await gatePipeline({ lingerMs: 50 });
    pipeline.write({ a: 1 });
    pipeline.write({ a: 2 });
    await sleep(20);
    expect(state.groups).toHaveLength(0);
    await sleep(100);
    expect(state.groups.map((group) => group.Logs.length)).toEqual([2]);
    await pipeline.close();
  });

  it('passes LogGroups given to writeGroups through unchanged, after the partial group', async () => {
    const { state, pipeline } = await gatePipeline();
    pipeline.write({ a: 'first', __time__: 1 });
    const group = {
      Topic: 'own',
      Category: 'c',
      LogTags: [{ Key: 't', Value: 'v' }],
      Logs: [{ Time: 2, Contents: [{ Key: 'b', Value: 'x' }] }],
    };
    pipeline.writeGroups([group]);
    const outcome = await pipeline.close();
    expect(state.groups.map((g) => g.Topic)).toEqual(['', 'own']);
    expect(state.groups[1]).toBe(group);
    expect(outcome.delivered).toBe(2);
  });
});

describe('back-pressure', () => {
  it('block: write returns false at maxBufferedLogs and ready() resolves once the flusher is ready again', async () => {
    const { state, pipeline } = await gatePipeline({ maxGroupLogs: 2, maxBufferedLogs: 4 }, false);
    const answers = [1, 2, 3, 4].map((i) => pipeline.write({ i }));
    expect(answers).toEqual([true, true, true, false]);
    expect(pipeline.metrics()).toMatchObject({ written: 4, buffered: 4, dropped: 0 });
    // Over the bound with block, an entry is still accepted (nothing is lost) and write says false.
    expect(pipeline.write({ i: 5 })).toBe(false);
    let ready = false;
    const waiting = pipeline.ready().then(() => (ready = true));
    await sleep(60);
    expect(ready).toBe(false);
    expect(state.groups).toHaveLength(0);
    state.open = true;
    await waiting;
    expect(pipeline.metrics().buffered).toBeLessThan(4);
    expect(pipeline.write({ i: 6 })).toBe(true);
    const outcome = await pipeline.close();
    expect(outcome).toMatchObject({ delivered: 6, undelivered: 0, dropped: 0 });
    expect(state.groups.flatMap((group) => contents(group).map((c) => c.i))).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
    ]);
  });

  it('drop: at maxBufferedLogs write drops the entry, counts it and returns false', async () => {
    const { state, pipeline } = await gatePipeline(
      { maxGroupLogs: 2, maxBufferedLogs: 3, whenFull: 'drop' },
      false,
    );
    const answers = [1, 2, 3, 4, 5].map((i) => pipeline.write({ i }));
    expect(answers).toEqual([true, true, false, false, false]);
    expect(pipeline.metrics()).toMatchObject({ written: 5, buffered: 3, dropped: 2 });
    state.open = true;
    await pipeline.ready();
    const outcome = await pipeline.close();
    expect(outcome).toMatchObject({ delivered: 3, undelivered: 0, dropped: 2 });
    expect(state.groups.flatMap((group) => contents(group).map((c) => c.i))).toEqual([
      '1',
      '2',
      '3',
    ]);
  });

  it('on close, a flusher that stays not ready is waited for at most drainTimeoutMs and its logs are counted', async () => {
    const { pipeline } = await gatePipeline({ drainTimeoutMs: 100 }, false);
    pipeline.write({ a: 1 });
    pipeline.write({ a: 2 });
    const started = Date.now();
    const outcome = await pipeline.close();
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(outcome.delivered).toBe(0);
    expect(outcome.undelivered).toBe(2);
    expect(outcome.flushers[0]).toMatchObject({
      name: 'flusher_gate',
      undelivered: 2,
      errors: ['2 logs not delivered: not ready within the 100 ms drain bound'],
    });
  });
});

describe('close', () => {
  it('delivers everything written through flusher_file: the exact bytes in the file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'app.log');
    const pipeline = await createPipeline(
      { flushers: [{ type: 'flusher_file', detail: { FilePath: file } }] },
      {
        logger: quietLogger(),
        source: '10.0.0.1',
        topic: 'app',
        tags: { __hostname__: 'web-1' },
        maxGroupLogs: 3,
        lingerMs: Infinity,
      },
    );
    const records = [
      { __time__: 1700000000, msg: 'hello', level: 'info' },
      { __time__: 1700000001, msg: 'unicode ü 🚀 <>&', n: 42, ok: false },
      { __time__: 1700000002, nested: { a: [1, { b: null }] }, none: null, skipped: undefined },
      { __time__: 1700000003, msg: 'line\nbreak "quoted" \\' },
    ];
    for (const record of records) pipeline.write(record);
    pipeline.write({ Time: 1700000004, Contents: [{ Key: 'raw', Value: 'a ready-made Log' }] });
    const outcome = await pipeline.close();
    expect(outcome).toMatchObject({ delivered: 5, undelivered: 0, dropped: 0 });
    expect(outcome.flushers[0]!.metrics.in_events).toBe(5);
    const tags = '"__hostname__":"web-1","__source__":"10.0.0.1","__topic__":"app"';
    expect(fs.readFileSync(file, 'utf8')).toBe(
      `{${tags},"__time__":1700000000,"msg":"hello","level":"info"}\n` +
        `{${tags},"__time__":1700000001,"msg":"unicode ü 🚀 <>&","n":"42","ok":"false"}\n` +
        `{${tags},"__time__":1700000002,"nested":"{\\"a\\":[1,{\\"b\\":null}]}","none":"null"}\n` +
        `{${tags},"__time__":1700000003,"msg":"line\\nbreak \\"quoted\\" \\\\"}\n` +
        `{${tags},"__time__":1700000004,"raw":"a ready-made Log"}\n`,
    );
  });

  it('returns the same promise every time, and counts writes after close as dropped', async () => {
    const { state, pipeline } = await gatePipeline();
    pipeline.write({ a: 1 });
    const first = pipeline.close();
    expect(pipeline.close()).toBe(first);
    expect(pipeline.write({ a: 2 })).toBe(false);
    const outcome = await first;
    expect(await pipeline.close()).toBe(outcome);
    expect(outcome).toMatchObject({ delivered: 1, dropped: 1 });
    expect(state.groups.flatMap(contents)).toEqual([{ a: '1' }]);
  });

  it('counts a rejecting flusher in undelivered and never rejects, while the other flusher delivers', async () => {
    const state = gate();
    const pipeline = await createPipeline(
      { flushers: [{ type: 'flusher_rejecting' }, { type: 'flusher_gate' }] },
      { plugins: [rejectingFlusher, gateFlusher(state)], logger: quietLogger() },
    );
    for (let i = 0; i < 3; i++) pipeline.write({ i });
    await pipeline.flush();
    const outcome = await pipeline.close();
    expect(outcome.delivered).toBe(0);
    expect(outcome.undelivered).toBe(3);
    expect(
      outcome.flushers.map(({ name, undelivered, errors }) => ({ name, undelivered, errors })),
    ).toEqual([
      {
        name: 'flusher_rejecting',
        undelivered: 3,
        errors: ['3 logs not delivered: broker unreachable: 3 logs failed after 3 retries'],
      },
      { name: 'flusher_gate', undelivered: 0, errors: [] },
    ]);
    expect(state.groups.flatMap(contents)).toHaveLength(3);
  });

  it('flush() resolves only when every flusher has resolved what was written', async () => {
    const { state, pipeline } = await gatePipeline({}, false);
    pipeline.write({ a: 1 });
    let flushed = false;
    const flushing = pipeline.flush().then(() => (flushed = true));
    await sleep(50);
    expect(flushed).toBe(false);
    state.open = true;
    await flushing;
    expect(state.groups.flatMap(contents)).toEqual([{ a: '1' }]);
    expect(pipeline.flushers.map((f) => [f.name, f.metrics.get('in_events')])).toEqual([
      ['flusher_gate', 0],
    ]);
    await pipeline.close();
  });
});
