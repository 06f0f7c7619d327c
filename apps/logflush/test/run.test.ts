import fs from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { encodeLogGroupList } from '@logflush/core';
import { runCli, startCli, stdoutConfig, tempPath, writeTemp } from './helpers.js';

const config = writeTemp('stdout.json', stdoutConfig);

function kvLines(stdout: string): Array<Record<string, string>> {
  return stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, string>);
}

describe('logflush run --input-format text', () => {
  it('sends one log per line, content key "content", stamped with the read time', () => {
    const input = writeTemp('app.log', 'first line\r\nsecond <line>\n\nthird, no newline');
    const before = Math.floor(Date.now() / 1000);
    const result = runCli(['run', '--config', config, '--input', input]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.map((line) => line.replace(/"__time__":"\d+"/, '"__time__":"T"'))).toEqual([
      '{"content":"first line","__time__":"T"}',
      '{"content":"second <line>","__time__":"T"}',
      '{"content":"third, no newline","__time__":"T"}',
      '',
    ]);
    const times = kvLines(result.stdout).map((log) => Number(log.__time__));
    for (const time of times) expect(time).toBeGreaterThanOrEqual(before);
  });

  it('reads stdin with --input -', () => {
    const result = runCli(['run', '--config', config, '--input', '-'], 'a\nb\n');
    expect(result.status).toBe(0);
    expect(kvLines(result.stdout).map((log) => log.content)).toEqual(['a', 'b']);
  });

  it('tags groups with __hostname__ and __path__ and sets Source, Topic and Category', () => {
    const tagsConfig = writeTemp(
      'tags.json',
      JSON.stringify({
        flushers: [{ type: 'flusher_stdout', detail: { OnlyStdout: true, Tags: true } }],
      }),
    );
    const input = writeTemp('tagged.log', 'x\n');
    const result = runCli([
      'run',
      '--config',
      tagsConfig,
      '--input',
      input,
      '--topic',
      'web',
      '--logstore',
      'access',
    ]);
    expect(result.status).toBe(0);
    const [header] = result.stdout.split('\n');
    expect(header).toBe(
      `[LogGroup] topic web, logstore access, logcount 1, tags [Key:"__hostname__" Value:"${os.hostname()}"  Key:"__path__" Value:"${input}" ]`,
    );
  });

  it('keeps groups within --max-group-logs', () => {
    const tagsConfig = writeTemp(
      'tags2.json',
      JSON.stringify({
        flushers: [{ type: 'flusher_stdout', detail: { OnlyStdout: true, Tags: true } }],
      }),
    );
    const input = writeTemp('five.log', '1\n2\n3\n4\n5\n');
    const result = runCli([
      'run',
      '--config',
      tagsConfig,
      '--input',
      input,
      '--max-group-logs',
      '2',
    ]);
    expect(result.status).toBe(0);
    const counts = result.stdout
      .split('\n')
      .filter((line) => line.startsWith('[LogGroup]'))
      .map((line) => /logcount (\d+)/.exec(line)?.[1]);
    expect(counts).toEqual(['2', '2', '1']);
  });
});

describe('logflush run --input-format jsonl', () => {
  it('turns fields into contents, JSON-encodes non-strings and takes __time__ as Time', () => {
    const input = writeTemp(
      'events.jsonl',
      '{"level":"info","n":2,"ok":true,"obj":{"x":[1]},"none":null,"__time__":1700000000}\n{"msg":"b","__time__":"1700000001"}\n',
    );
    const result = runCli(['run', '--config', config, '--input', input, '--input-format', 'jsonl']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      '{"level":"info","n":"2","ok":"true","obj":"{\\"x\\":[1]}","none":"null","__time__":"1700000000"}\n{"msg":"b","__time__":"1700000001"}\n',
    );
  });

  it('reports a malformed line with its number, delivers the others and exits 2', () => {
    const input = writeTemp(
      'mixed.jsonl',
      '{"a":"1"}\nnot json\n[1]\n{"a":"2"}\n{"__time__":-5}\n',
    );
    const result = runCli(['run', '--config', config, '--input', input, '--input-format', 'jsonl']);
    expect(result.status).toBe(2);
    expect(kvLines(result.stdout).map((log) => log.a)).toEqual(['1', '2']);
    expect(result.stderr).toContain('input line 2: not valid JSON');
    expect(result.stderr).toContain('input line 3: expected a JSON object, given an array');
    expect(result.stderr).toContain(
      'input line 5: __time__ must be Unix seconds (0 … 4294967295), given -5',
    );
    expect(result.stderr).toContain('input lines rejected: 3');
  });
});

describe('logflush run --input-format protobuf', () => {
  const list = {
    logGroupList: [
      {
        Topic: 't1',
        LogTags: [],
        Logs: [{ Time: 1700000000, Contents: [{ Key: 'k', Value: 'v1' }] }],
      },
      {
        Topic: 't2',
        LogTags: [],
        Logs: [
          { Time: 1700000001, Contents: [{ Key: 'k', Value: 'v2' }] },
          { Time: 1700000002, Contents: [] },
        ],
      },
    ],
  };

  it('passes a serialized LogGroupList through unchanged', () => {
    const input = writeTemp('groups.pb', encodeLogGroupList(list));
    const result = runCli([
      'run',
      '--config',
      config,
      '--input',
      input,
      '--input-format',
      'protobuf',
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      '{"k":"v1","__time__":"1700000000"}\n{"k":"v2","__time__":"1700000001"}\n{"__time__":"1700000002"}\n',
    );
  });

  it('rejects truncated protobuf input with exit 1 and a clear message, after the groups before it', () => {
    const bytes = encodeLogGroupList(list);
    const input = writeTemp('truncated.pb', bytes.subarray(0, bytes.length - 3));
    const result = runCli([
      'run',
      '--config',
      config,
      '--input',
      input,
      '--input-format',
      'protobuf',
    ]);
    expect(result.status).toBe(1);
    // Decoded group by group as it streams in: the complete groups before the damage are sent.
    expect(result.stdout).toBe('{"k":"v1","__time__":"1700000000"}\n');
    expect(result.stderr).toMatch(
      new RegExp(
        `^logflush: input "${input}": invalid LogGroupList: truncated: the stream ends inside LogGroup 1`,
      ),
    );
    expect(result.stderr).not.toContain('    at ');
  });

  it('rejects garbage protobuf input with exit 1', () => {
    const input = writeTemp('garbage.pb', Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]));
    const result = runCli([
      'run',
      '--config',
      config,
      '--input',
      input,
      '--input-format',
      'protobuf',
    ]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^logflush: input ".*garbage\.pb": /);
  });
});

describe('logflush run failures', () => {
  it('exits 2 and reports the counts when a flusher rejects, while the others still deliver', () => {
    const both = writeTemp(
      'both.json',
      JSON.stringify({
        flushers: [
          { type: 'flusher_failing' },
          { type: 'flusher_stdout', detail: { OnlyStdout: true } },
        ],
      }),
    );
    const input = writeTemp('three.log', 'a\nb\nc\n');
    const result = runCli([
      'run',
      '--config',
      both,
      '--input',
      input,
      '--plugin',
      './test/fixtures/failing-flusher.mjs',
    ]);
    expect(result.status).toBe(2);
    expect(kvLines(result.stdout).map((log) => log.content)).toEqual(['a', 'b', 'c']);
    expect(result.stderr).toContain(
      'flusher_failing: 3 logs not delivered: broker unreachable: 3 logs to topic \\"t\\" failed after 3 retries',
    );
    const summary = result.stderr
      .split('\n')
      .filter((line) => /^flusher_(failing|stdout) /.test(line));
    expect(summary.map((line) => line.trim().split(/\s+/))).toEqual([
      ['flusher_failing', '0', '0', '0', '0', '0', '3'],
      ['flusher_stdout', '3', '3', '0', '0', '0', '0'],
    ]);
  });

  it('exits 1 naming the input when it cannot be read', () => {
    const result = runCli(['run', '--config', config, '--input', '/nonexistent/input.log']);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('logflush: cannot read input "/nonexistent/input.log": ENOENT\n');
  });

  it('exits 1 on a bad config before reading anything', () => {
    const bad = writeTemp(
      'bad-run.json',
      JSON.stringify({ flushers: [{ type: 'flusher_stdout', detail: { Tags: 'yes' } }] }),
    );
    const result = runCli(['run', '--config', bad], 'line\n');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `logflush: ${bad}: invalid pipeline config\n  flushers[0].detail.Tags: expected a boolean, given "yes"\n`,
    );
  });
});

describe('logflush run shutdown', () => {
  it('on SIGTERM mid-run, delivers everything it accepted before exiting', async () => {
    const output = tempPath('buffered.out');
    const buffered = writeTemp(
      'buffered.json',
      JSON.stringify({ flushers: [{ type: 'flusher_buffered', detail: { OutputFile: output } }] }),
    );
    const child = startCli([
      'run',
      '--config',
      buffered,
      '--input',
      '-',
      '--plugin',
      './test/fixtures/buffered-flusher.mjs',
    ]);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const lines = Array.from({ length: 2000 }, (_, i) => `line ${i}`);
    child.stdin.write(`${lines.join('\n')}\n`);
    // stdin stays open, as a live stream's would: interrupt once the flusher has accepted the lines.
    const accepted = `${output}.accepted`;
    while (!fs.existsSync(accepted) || fs.readFileSync(accepted, 'utf8') !== String(lines.length)) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGTERM');
    const status = await new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    expect(stderr).toContain('SIGTERM, stopping');
    expect(status).toBe(0);
    expect(fs.readFileSync(output, 'utf8')).toBe(`${lines.join('\n')}\n`);
  });
});
