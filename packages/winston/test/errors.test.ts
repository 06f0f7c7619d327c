import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runApp, tempDir } from './support.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const fileFlusher = (dir: string, detail: Record<string, unknown> = {}) => ({
  type: 'flusher_file',
  detail: { FilePath: path.join(dir, 'app.log'), ...detail },
});

describe('errors the app sees in its main thread', () => {
  it('a config of the wrong shape throws from the constructor, with the option path', async () => {
    const run = await runApp({ transport: { flushers: [{ detail: { FilePath: 'x.log' } }] } });
    expect(run.report?.event, run.stderr).toBe('thrown');
    const [error] = run.report!.errors;
    expect(error!.name).toBe('PipelineConfigError');
    const issues = error!.issues as { path: string; message: string }[];
    expect(issues.map((issue) => issue.path)).toEqual(['flushers[0].type']);
    expect(issues[0]!.message).toContain('expected a flusher type');
    expect(run.report!.errors[0]!.message).toContain('flushers[0].type');
  });

  it("a bad option of the transport's own throws from the constructor, naming it", async () => {
    const run = await runApp({
      transport: {
        flushers: [{ type: 'flusher_file', detail: { FilePath: 'x.log' } }],
        whenFull: 'wait',
      },
    });
    expect(run.report?.event).toBe('thrown');
    expect(run.report!.errors[0]).toMatchObject({
      name: 'PipelineOptionsError',
      message: 'LogflushTransport: options.whenFull: expected "block" or "drop", given "wait"',
    });
  });

  it('neither flushers nor pipeline throws from the constructor', async () => {
    const run = await runApp({ transport: { project: 'p' } });
    expect(run.report?.event).toBe('thrown');
    expect(run.report!.errors[0]!.message).toMatch(
      /^LogflushTransport: options\.flushers: required: a list of flushers .* or pipeline: a pipeline file$/,
    );
  });

  it("a bad flusher option is the logger's error event, with its path and the nearest option", async () => {
    const { dir, remove } = tempDir('bad-option');
    cleanup = remove;
    const run = await runApp({
      scenario: 'lines',
      count: 10,
      transport: {
        flushers: [{ type: 'flusher_file', detail: { FilePth: path.join(dir, 'a.log') } }],
      },
    });
    expect(run.report?.event, run.stderr).toBe('finish');
    expect(run.report!.errors).toHaveLength(1);
    const [error] = run.report!.errors;
    expect(error).toMatchObject({ name: 'PipelineConfigError', fromTransport: true });
    expect(error!.message).toContain('flushers[0].detail.FilePth');
    expect(error!.message).toContain('FilePath');
    // What was logged meanwhile is counted, and logger.end() still finishes.
    expect(run.report!.metrics).toMatchObject({ written: 10, dropped: 10, delivered: 0 });
    expect(run.report!.warnings.join('\n')).toContain('10 dropped');
  });

  it("an unknown flusher type is the logger's error event, naming the nearest type", async () => {
    const run = await runApp({
      scenario: 'lines',
      count: 1,
      transport: { flushers: [{ type: 'flusher_fil', detail: {} }] },
    });
    expect(run.report?.event, run.stderr).toBe('finish');
    const [error] = run.report!.errors;
    expect(error).toMatchObject({ name: 'PipelineConfigError', fromTransport: true });
    expect(error!.message).toContain('flushers[0].type');
    expect(error!.message).toMatch(
      /unknown flusher type "flusher_fil"\. Did you mean "flusher_file"\?/,
    );
  });

  it('await LogflushTransport.create() rejects with the same error instead', async () => {
    const run = await runApp({
      create: true,
      transport: { flushers: [{ type: 'flusher_fil', detail: {} }] },
    });
    expect(run.report?.event).toBe('thrown');
    expect(run.report!.errors[0]).toMatchObject({ name: 'PipelineConfigError' });
    expect(run.report!.errors[0]!.message).toContain('Did you mean "flusher_file"?');
  });

  it("an unreachable broker is the logger's error event (flusher_kafka's init cannot connect)", async () => {
    const run = await runApp({
      scenario: 'lines',
      count: 5,
      transport: {
        flushers: [
          {
            type: 'flusher_kafka',
            detail: { Brokers: ['127.0.0.1:9'], Topic: 'x', Timeout: '2s' },
          },
        ],
      },
    });
    expect(run.report?.event, run.stderr).toBe('finish');
    const [error] = run.report!.errors;
    expect(error).toMatchObject({ fromTransport: true });
    expect(error!.message).toMatch(
      /^flusher_kafka: init failed: .*cannot connect to 127\.0\.0\.1:9/,
    );
    expect(run.report!.metrics).toMatchObject({ written: 5, dropped: 5 });
  });

  it('without an error listener, that error ends the process with the message, as winston does', async () => {
    const run = await runApp({
      scenario: 'lines',
      count: 5,
      noErrorListener: true,
      transport: {
        flushers: [
          {
            type: 'flusher_kafka',
            detail: { Brokers: ['127.0.0.1:9'], Topic: 'x', Timeout: '2s' },
          },
        ],
      },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/flusher_kafka: init failed: .*cannot connect to 127\.0\.0\.1:9/);
  });

  it('a pipeline file that does not exist throws from the constructor', async () => {
    const run = await runApp({ transport: { pipeline: 'no/such/pipeline.yaml' } });
    expect(run.report?.event).toBe('thrown');
    expect(run.report!.errors[0]!.message).toContain('no/such/pipeline.yaml');
    expect(run.report!.errors[0]!.message).toContain('cannot read: ENOENT');
  });

  it('a flusher that fails later is a warn event, counted, and finish still comes', async () => {
    const { dir, remove } = tempDir('fail-late');
    cleanup = remove;
    // A FilePath inside a regular file: the directory cannot be created when the first flush writes.
    const blocker = path.join(dir, 'file');
    (await import('node:fs')).writeFileSync(blocker, '');
    const run = await runApp({
      scenario: 'lines',
      count: 20,
      transport: {
        flushers: [fileFlusher(dir, { FilePath: path.join(blocker, 'app.log'), MaxRetries: 0 })],
      },
    });
    expect(run.report?.event, run.stderr).toBe('finish');
    expect(run.report!.errors).toEqual([]);
    expect(run.report!.metrics).toMatchObject({ written: 20, undelivered: 20 });
    expect(run.report!.warnings.some((warning) => warning.includes('20 logs not delivered'))).toBe(
      true,
    );
  });
});
