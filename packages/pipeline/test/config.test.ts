import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPipeline, PipelineConfigError, preparePipeline } from '../dist/index.js';
import { quietLogger } from './support.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logflush-pipeline-config-'));

async function configError(config: Record<string, unknown>): Promise<PipelineConfigError> {
  const error = await createPipeline(config, { logger: quietLogger() }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(PipelineConfigError);
  return error as PipelineConfigError;
}

describe('pipeline config errors', () => {
  it('names the path of a bad option value, as the CLI does', async () => {
    const error = await configError({
      flushers: [{ type: 'flusher_stdout', detail: { Tags: 'yes' } }],
    });
    expect(error.message).toBe(
      'pipeline: invalid pipeline config\n  flushers[0].detail.Tags: expected a boolean, given "yes"',
    );
    expect(error.issues).toEqual([
      { path: 'flushers[0].detail.Tags', message: 'expected a boolean, given "yes"' },
    ]);
  });

  it('rejects a document that is not the pipeline shape', async () => {
    expect((await configError({ flusher: [] })).issues).toEqual([
      {
        path: 'flusher',
        message:
          'unknown section. Did you mean "flushers"? Known sections: flushers, inputs, processors, aggregators, global, enable',
      },
      { path: 'flushers', message: 'expected a non-empty list of flushers, given nothing' },
    ]);
    expect(
      (
        await configError({
          flushers: [{ type: 'flusher_stdout', detail: [] }, 'x', { detail: {} }],
        })
      ).issues,
    ).toEqual([
      { path: 'flushers[0].detail', message: 'expected an object of options, given an array' },
      { path: 'flushers[1]', message: 'expected an object with a "type", given "x"' },
      {
        path: 'flushers[2].type',
        message: 'expected a flusher type such as "flusher_stdout", given nothing',
      },
    ]);
  });

  it('names an unknown type with the nearest known one', async () => {
    const error = await configError({ flushers: [{ type: 'flusher_stdot' }] });
    expect(error.issues).toEqual([
      {
        path: 'flushers[0].type',
        message:
          'unknown flusher type "flusher_stdot". Did you mean "flusher_stdout"? Known types: flusher_file, flusher_kafka, flusher_s3, flusher_stdout.',
      },
    ]);
  });

  it("names an unknown option and suggests the nearest, in LoongCollector's shape too", async () => {
    const error = await configError({
      flushers: [
        { Type: 'flusher_stdout', OnlyStdot: true },
        { type: 'flusher_file/b', detail: { FilePath: 'x', MaxFile: 2 } },
      ],
    });
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'flushers[0].OnlyStdot',
      'flushers[1].detail.MaxFile',
    ]);
    expect(error.issues[0]!.message).toMatch(/^unknown option\. Did you mean "OnlyStdout"\?/);
    expect(error.issues[1]!.message).toMatch(/^unknown option\. Did you mean "MaxFiles"\?/);
  });

  it('says which package to install for a first-party type that is not installed', async () => {
    const error = await configError({ flushers: [{ type: 'flusher_kafka', detail: {} }] });
    expect(error.issues).toEqual([
      {
        path: 'flushers[0].type',
        message:
          'flusher type "flusher_kafka" is in the package @logflush/flusher-kafka, which is not installed: install it beside your app (npm install @logflush/flusher-kafka)',
      },
    ]);
  });

  it('loads { pipeline: file } in JSON and YAML, with the file in errors', async () => {
    const yaml = path.join(dir, 'p.yaml');
    fs.writeFileSync(
      yaml,
      'flushers:\n  - Type: flusher_stdout\n    OnlyStdout: true\n  - Type: flusher_stdout/second\n    Tags: true\n',
    );
    const prepared = await preparePipeline({ pipeline: yaml });
    expect(prepared.file).toBe(yaml);
    expect(prepared.flushers.map((f) => f.name)).toEqual([
      'flusher_stdout',
      'flusher_stdout/second',
    ]);
    expect(prepared.registry.list().map((plugin) => plugin.type)).toEqual(['flusher_stdout']);
    const json = path.join(dir, 'bad.json');
    fs.writeFileSync(json, '{"flushers": [');
    const error = await configError({ pipeline: json });
    expect(error.message).toMatch(
      new RegExp(`^${json}: invalid pipeline config\\n  \\(file\\): not valid JSON: `),
    );
    const missing = await configError({ pipeline: path.join(dir, 'none.json') });
    expect(missing.issues).toEqual([{ path: '(file)', message: 'cannot read: ENOENT' }]);
  });

  it('uses configName to label an object config', async () => {
    const error = await createPipeline({ flushers: [] }, { configName: 'app-logs' }).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toBe(
      'app-logs: invalid pipeline config\n  flushers: expected a non-empty list of flushers, given an array',
    );
  });

  it('rejects bad options before starting anything', async () => {
    const config = { flushers: [{ type: 'flusher_stdout', detail: { OnlyStdout: true } }] };
    await expect(createPipeline(config, { maxGroupLogs: 0 })).rejects.toThrow(
      'options.maxGroupLogs: expected a whole number ≥ 1, given 0',
    );
    // @ts-expect-error: a bad value on purpose
    await expect(createPipeline(config, { whenFull: 'wait' })).rejects.toThrow(
      'options.whenFull: expected "block" or "drop", given "wait"',
    );
  });
});
