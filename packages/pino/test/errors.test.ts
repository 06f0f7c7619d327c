import { describe, expect, it } from 'vitest';
import { validate, PinoOptionsError } from '../dist/index.js';
import { fileFlusher, runApp, tempDir } from './support.js';

// What an app sees in its main thread: pino's worker reports the transport's init failure to
// the transport stream as an 'error' event, which nobody handles: the app stops with exit code 1
// and the message (with the option path) on stderr.
describe('a bad config surfaces in the main thread', () => {
  it('a bad transport option: its path', async () => {
    const run = await runApp({
      options: { flushers: [fileFlusher(tempDir('bad'))], levels: 'numbers' },
      count: 10,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Unhandled 'error' event");
    expect(run.stderr).toContain(
      '@logflush/pino: options.levels: expected "label" or "number", given "numbers"',
    );
  });

  it('an unknown option: the nearest one', async () => {
    const run = await runApp({ options: { flusher: [] }, count: 1 });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('options.flusher: unknown option. Did you mean "flushers"?');
  });

  it("a bad flusher option: the option's path in the pipeline config", async () => {
    const run = await runApp({
      options: { flushers: [fileFlusher(tempDir('bad'), { MaxFileSize: 'big' })] },
      count: 10,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'flushers[0].detail.MaxFileSize: expected an integer ≥ 0, given "big"',
    );
  });

  it('an unknown flusher type: the known types and the nearest', async () => {
    const run = await runApp({
      options: { flushers: [{ type: 'flusher_fille', detail: { FilePath: '/tmp/x.log' } }] },
      count: 10,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'flushers[0].type: unknown flusher type "flusher_fille". Did you mean "flusher_file"?',
    );
  });

  it('an unreachable broker: flusher_kafka init fails, and says so in the main thread', async () => {
    const run = await runApp({
      options: {
        flushers: [
          {
            type: 'flusher_kafka',
            detail: { Brokers: ['127.0.0.1:1'], Topic: 'x', Timeout: '2s' },
          },
        ],
      },
      count: 10,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'flusher_kafka: init failed: flusher_kafka: cannot connect to 127.0.0.1:1 within Timeout 2000 ms',
    );
  });
});

describe('validate(options) in the main thread', () => {
  it('resolves for a good config, without opening anything', async () => {
    const dir = tempDir('validate');
    await expect(validate({ flushers: [fileFlusher(dir)] })).resolves.toBeUndefined();
  });

  it('rejects a bad option with its path', async () => {
    await expect(validate({ flushers: [fileFlusher('/tmp')], maxBlockMs: -1 })).rejects.toThrow(
      new PinoOptionsError(
        'options.maxBlockMs',
        'expected a whole number ≥ 0 or Infinity, given -1',
      ),
    );
    await expect(validate({})).rejects.toThrow('options.flushers: required');
    await expect(validate({ flushers: [], pipeline: 'p.yaml' })).rejects.toThrow(
      'options.pipeline: give either flushers or pipeline',
    );
  });

  it('rejects a bad flusher config with every problem and its path', async () => {
    await expect(
      validate({ flushers: [{ type: 'flusher_file', detail: { MaxFileSize: 'big' } }] }),
    ).rejects.toThrow(/flushers\[0\]\.detail\.FilePath.*\n.*flushers\[0\]\.detail\.MaxFileSize/s);
  });
});
