import { describe, expect, it } from 'vitest';
import { runCli, writeTemp } from './helpers.js';

describe('logflush plugins', () => {
  it('lists the plugins of plugins.yml with their descriptions', () => {
    const result = runCli(['plugins']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      'flusher_file    Writes logs as lines to local files: templated paths, rotation by size and time, compression, fsync policy.\n' +
        'flusher_kafka   Sends each log as a Kafka message (kafkajs or @platformatic/kafka), with iLogtail flusher_kafka_v2 options.\n' +
        'flusher_s3      Uploads logs in batches as objects to S3 or an S3-compatible store, with multipart upload, retries, a disk buffer and a dead-letter file.\n' +
        'flusher_stdout  Writes logs as JSON lines to stdout, a size-rolled file or the pipeline logger.\n',
    );
  });

  it('prints JSON with --json, including a --plugin package', () => {
    const result = runCli(['plugins', '--json', '--plugin', './test/fixtures/failing-flusher.mjs']);
    expect(result.status).toBe(0);
    expect(
      (JSON.parse(result.stdout) as Array<{ type: string }>).map((plugin) => plugin.type),
    ).toEqual(['flusher_failing', 'flusher_file', 'flusher_kafka', 'flusher_s3', 'flusher_stdout']);
    expect(JSON.parse(result.stdout)).toContainEqual({
      type: 'flusher_failing',
      description: 'Rejects every flush (test fixture).',
    });
    expect(JSON.parse(result.stdout)).toContainEqual({
      type: 'flusher_stdout',
      description:
        'Writes logs as JSON lines to stdout, a size-rolled file or the pipeline logger.',
    });
  });

  it('loads a plugin named both in plugins.yml and with --plugin once', () => {
    const result = runCli([
      'plugins',
      '--json',
      '--plugin',
      '@logflush/flusher-stdout',
      '--plugin',
      '../../packages/flusher-stdout/dist/index.js',
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(
      (JSON.parse(result.stdout) as Array<{ type: string }>).filter(
        (plugin) => plugin.type === 'flusher_stdout',
      ),
    ).toHaveLength(1);
  });

  it('refuses a second plugin with a type already taken, naming the package', () => {
    const result = runCli(['plugins', '--plugin', './test/fixtures/duplicate-stdout-flusher.mjs']);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'logflush: plugin package "./test/fixtures/duplicate-stdout-flusher.mjs": flusher type "flusher_stdout" is already registered\n',
    );
  });

  it('refuses a plugin whose type breaks the naming rule, naming the package', () => {
    const result = runCli(['plugins', '--plugin', './test/fixtures/bad-type-flusher.mjs']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^logflush: plugin package "\.\/test\/fixtures\/bad-type-flusher\.mjs": invalid flusher type "stdout2"/,
    );
  });

  it('refuses a plugin package that cannot be loaded', () => {
    const result = runCli(['plugins', '--plugin', '@logflush/no-such-flusher']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('plugin package "@logflush/no-such-flusher" failed to load');
    expect(result.stderr).not.toContain('    at ');
  });
});

describe('logflush schema', () => {
  it("prints a JSON Schema of pipeline files with each plugin's detail", () => {
    const result = runCli(['schema']);
    expect(result.status).toBe(0);
    const schema = JSON.parse(result.stdout) as {
      properties: {
        flushers: {
          items: {
            oneOf: Array<{
              properties: {
                type: { pattern: string };
                detail: { properties: Record<string, { default?: unknown }> };
              };
            }>;
          };
        };
      };
    };
    const stdout = schema.properties.flushers.items.oneOf.find((item) =>
      item.properties.type.pattern.startsWith('^flusher_stdout'),
    );
    expect(schema.properties.flushers.items.oneOf).toHaveLength(4);
    expect(stdout?.properties.type.pattern).toBe('^flusher_stdout(/[A-Za-z0-9_.-]+)?$');
    expect(stdout?.properties.detail.properties.MaxSize?.default).toBe(1048576);
    expect(Object.keys(stdout?.properties.detail.properties ?? {})).toEqual([
      'OnlyStdout',
      'FileName',
      'MaxSize',
      'MaxRolls',
      'KeyValuePairs',
      'Tags',
      'DateTimePrefix',
    ]);
  });
});

describe('logflush validate', () => {
  it('accepts a valid JSON config', () => {
    const file = writeTemp(
      'ok.json',
      JSON.stringify({ flushers: [{ type: 'flusher_stdout', detail: { onlystdout: true } }] }),
    );
    const result = runCli(['validate', '--config', file]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${file}: valid (flusher_stdout)\n`);
  });

  it("accepts LoongCollector's YAML shape with type/id instances", () => {
    const file = writeTemp(
      'ok.yaml',
      'flushers:\n  - Type: flusher_stdout\n    OnlyStdout: true\n  - Type: flusher_stdout/second\n    Tags: true\n',
    );
    const result = runCli(['validate', '--config', file]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${file}: valid (flusher_stdout, flusher_stdout/second)\n`);
  });

  it('lists every problem at once, each with its option path', () => {
    const file = writeTemp(
      'bad.json',
      JSON.stringify({
        flushers: [
          { type: 'flusher_stdot', detail: {} },
          { type: 'flusher_stdout', detail: { OnlyStdot: true, MaxSize: 'big' } },
          { type: 'flusher_buffered', detail: {} },
        ],
      }),
    );
    const result = runCli([
      'validate',
      '--config',
      file,
      '--plugin',
      './test/fixtures/buffered-flusher.mjs',
    ]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`logflush: ${file}: 4 problems`);
    expect(lines).toContain(
      '  flushers[0].type: unknown flusher type "flusher_stdot". Did you mean "flusher_stdout"? Known types: flusher_buffered, flusher_file, flusher_kafka, flusher_s3, flusher_stdout.',
    );
    expect(
      lines.some((line) =>
        line.startsWith(
          '  flushers[1].detail.OnlyStdot: unknown option. Did you mean "OnlyStdout"?',
        ),
      ),
    ).toBe(true);
    expect(lines).toContain('  flushers[1].detail.MaxSize: expected an integer > 0, given "big"');
    expect(lines).toContain(
      '  flushers[2].detail.OutputFile: required option missing (expected a string)',
    );
  });

  it('rejects bad JSON and bad YAML with the file name', () => {
    const json = writeTemp('broken.json', '{"flushers": [');
    const jsonResult = runCli(['validate', '--config', json]);
    expect(jsonResult.status).toBe(1);
    expect(jsonResult.stderr).toMatch(
      new RegExp(`^logflush: ${json}: invalid pipeline config\\n  \\(file\\): not valid JSON: `),
    );
    const yaml = writeTemp('broken.yaml', 'flushers:\n  - Type: flusher_stdout\n   bad: [\n');
    const yamlResult = runCli(['validate', '--config', yaml]);
    expect(yamlResult.status).toBe(1);
    expect(yamlResult.stderr).toMatch(
      new RegExp(`^logflush: ${yaml}: invalid pipeline config\\n  \\(file\\): not valid YAML: `),
    );
  });

  it('rejects a config without flushers, and unknown sections with a suggestion', () => {
    const file = writeTemp('empty.json', JSON.stringify({ flusher: [] }));
    const result = runCli(['validate', '--config', file]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `logflush: ${file}: 2 problems\n  flusher: unknown section. Did you mean "flushers"? Known sections: flushers, inputs, processors, aggregators, global, enable\n  flushers: expected a non-empty list of flushers, given nothing\n`,
    );
  });

  it('says when the config file cannot be read', () => {
    const result = runCli(['validate', '--config', '/nonexistent/pipeline.json']);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'logflush: /nonexistent/pipeline.json: invalid pipeline config\n  (file): cannot read: ENOENT\n',
    );
  });

  it('shows help for every command', () => {
    for (const command of ['run', 'validate', 'plugins', 'schema']) {
      const result = runCli([command, '--help']);
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(`Usage: logflush ${command}`);
    }
  });
});
