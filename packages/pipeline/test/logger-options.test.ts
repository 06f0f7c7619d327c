import { describe, expect, it } from 'vitest';
import { hostTags, loggerPipeline, PipelineOptionsError } from '../dist/index.js';

const flushers = [{ type: 'flusher_file', detail: { FilePath: '/tmp/x.log' } }];

describe('loggerPipeline: the options every logger integration shares', () => {
  it('turns them into the pipeline config and options, with the host tags by default', () => {
    // A JSON config can only say "Infinity" as a string.
    const fromJson: Record<string, unknown> = { flushers, maxGroupLogs: 10, lingerMs: 'Infinity' };
    expect(loggerPipeline(fromJson)).toEqual({
      config: { flushers },
      options: {
        plugins: [],
        tags: hostTags(),
        maxGroupLogs: 10,
        lingerMs: Infinity,
        whenFull: 'block',
      },
    });
    expect(
      loggerPipeline({ pipeline: 'p.yaml', tags: { pid: 7, app: 'web' }, whenFull: 'drop' }),
    ).toEqual({
      config: { pipeline: 'p.yaml' },
      options: { plugins: [], tags: { pid: '7', app: 'web' }, whenFull: 'drop' },
    });
  });

  it('names the option path, with the label of the integration', () => {
    const fails = (given: Record<string, unknown>, settings = {}) => {
      try {
        loggerPipeline(given, settings);
      } catch (error) {
        expect(error).toBeInstanceOf(PipelineOptionsError);
        return (error as Error).message;
      }
      return 'no error';
    };
    expect(fails({ flushers, whenFull: 'wait' }, { label: 'LogflushTransport' })).toBe(
      'LogflushTransport: options.whenFull: expected "block" or "drop", given "wait"',
    );
    expect(fails({ flushers, maxBufferedLogs: 0 })).toBe(
      'options.maxBufferedLogs: expected a whole number ≥ 1, given 0',
    );
    expect(fails({ flushers, tags: { pid: true } })).toBe(
      'options.tags.pid: expected a string, given true',
    );
    expect(fails({ flushers, pipeline: 'p.yaml' })).toBe(
      'options.pipeline: give either flushers or pipeline (a pipeline file), not both',
    );
    expect(fails({ flushers: [] })).toBe(
      'options.flushers: expected a non-empty list of flushers, given []',
    );
    expect(fails({ flushers, maxGroupLog: 5 }, { known: ['flushers', 'maxGroupLogs'] })).toBe(
      'options.maxGroupLog: unknown option. Did you mean "maxGroupLogs"? Known options: flushers, maxGroupLogs',
    );
  });
});
