import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, FlushFailedError } from '@logflush/core';
import { createLog, createLogGroup } from '@logflush/testkit';
import { plugin, type FileFlusher } from '../src/index.js';
import { flush, listFiles, newDir, readText, run, start } from './helpers.js';

function logWith(contents: Record<string, string>) {
  return createLog({ time: 1700000000, contents });
}

async function flushError(
  flusher: FileFlusher,
  groups: Parameters<typeof flush>[1],
): Promise<FlushFailedError> {
  const error = await flush(flusher, groups).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(FlushFailedError);
  return error as FlushFailedError;
}

describe('FilePath templates', () => {
  it('routes each log by %{content.x} and %{tag.x}, creating the directories', async () => {
    const dir = newDir();
    const group = createLogGroup({
      tags: { env: 'prod' },
      logs: [
        logWith({ app: 'api', n: '1' }),
        logWith({ app: 'web', n: '2' }),
        logWith({ app: 'api', n: '3' }),
      ],
    });
    await run({ FilePath: path.join(dir, '%{tag.env}', '%{content.app}.log'), Format: 'kv' }, [
      group,
    ]);
    expect(listFiles(dir)).toEqual(['prod/api.log', 'prod/web.log']);
    expect(readText(path.join(dir, 'prod/api.log'))).toBe(
      '{"app":"api","n":"1","__time__":"1700000000"}\n{"app":"api","n":"3","__time__":"1700000000"}\n',
    );
  });

  it('finds %{tag.x} by the converted names: tag.log.topic (Topic), tag.host.ip (Source), __tag__: contents', async () => {
    const dir = newDir();
    const group = createLogGroup({
      topic: 'nginx',
      source: '10.1.2.3',
      logs: [logWith({ '__tag__:pod': 'pod-7', n: '1' })],
    });
    await run({ FilePath: path.join(dir, '%{tag.log.topic}-%{tag.host.ip}-%{tag.pod}.log') }, [
      group,
    ]);
    expect(listFiles(dir)).toEqual(['nginx-10.1.2.3-pod-7.log']);
  });

  it('resolves %{tag.host.name}, %{tag.log.topic} and a __tag__:x content as %{tag.x}', async () => {
    const dir = newDir();
    const template = path.join(dir, '%{tag.host.name}', '%{tag.log.topic}-%{tag.pod}.log');
    await run({ FilePath: template, Format: 'kv' }, [
      createLogGroup({
        topic: 'nginx',
        tags: { __hostname__: 'web-1' },
        logs: [logWith({ '__tag__:pod': 'pod-7', n: '1' })],
      }),
      // Without the LogTag, a content __tag__:__hostname__ gives tag.host.name, as in iLogtail.
      createLogGroup({
        topic: 'nginx',
        logs: [logWith({ '__tag__:__hostname__': 'web-2', '__tag__:pod': 'pod-8', n: '2' })],
      }),
    ]);
    expect(listFiles(dir)).toEqual(['web-1/nginx-pod-7.log', 'web-2/nginx-pod-8.log']);
    expect(readText(path.join(dir, 'web-1/nginx-pod-7.log'))).toBe(
      '{"__tag__:pod":"pod-7","n":"1","__time__":"1700000000"}\n',
    );
  });

  it('rejects a raw tag name that iLogtail renames, naming the converted one on FilePath', () => {
    const create = () => plugin.create({ FilePath: '/var/log/%{tag.__hostname__}/app.log' });
    expect(create).toThrow(ConfigError);
    expect(create).toThrow(
      'detail.FilePath: unsupported field "tag.__hostname__": tags go by their converted names, write tag.host.name (format string "/var/log/%{tag.__hostname__}/app.log")',
    );
    expect(() => plugin.create({ FilePath: '/var/log/%{tag.__topic__}.log' })).toThrow(
      /detail\.FilePath: .*write tag\.log\.topic/,
    );
    expect(() => plugin.create({ FilePath: '/var/log/%{tag.__source__}.log' })).toThrow(
      /detail\.FilePath: .*write tag\.host\.ip/,
    );
  });

  it('fails the logs whose field is missing, names it, and writes the others', async () => {
    const dir = newDir();
    const { flusher, context } = await start({ FilePath: path.join(dir, '%{content.app}.log') });
    const error = await flushError(flusher, [
      createLogGroup({ logs: [logWith({ app: 'api' }), logWith({ other: 'x' })] }),
    ]);
    await flusher.stop();
    expect(error.failedEvents).toBe(1);
    expect(error.message).toContain('field content.app is missing');
    expect(listFiles(dir)).toEqual(['api.log']);
    expect(context.metrics.snapshot()).toMatchObject({ out_events: 1, failed_events: 1 });
  });

  it('uses the directory before the first templated segment as BaseDir by default', () => {
    const flusher = plugin.create({
      FilePath: '/var/log/app/%Y/%{tag.host}/out.log',
    }) as FileFlusher;
    expect(flusher.baseDir).toBe('/var/log/app');
    expect((plugin.create({ FilePath: '/var/log/app.log' }) as FileFlusher).baseDir).toBe(
      '/var/log',
    );
  });
});

describe('path traversal through template fields', () => {
  const attempts: Array<[string, string, Record<string, string>, Record<string, string>]> = [
    ['content value ".."', '%{content.app}/x.log', { app: '..' }, {}],
    ['content value with "/"', '%{content.app}.log', { app: '../../escaped' }, {}],
    ['content value with "\\"', '%{content.app}.log', { app: '..\\escaped' }, {}],
    ['content value with NUL', '%{content.app}.log', { app: 'a\0b' }, {}],
    ['two content values that make ".."', '%{content.a}%{content.b}/x.log', { a: '.', b: '.' }, {}],
    ['tag value ".."', '%{tag.host}/x.log', {}, { host: '..' }],
    ['tag value with "/"', '%{tag.host}.log', {}, { host: '../escaped' }],
    ['__tag__: content value ".."', '%{tag.pod}/x.log', { '__tag__:pod': '..' }, {}],
    ['empty content value', '%{content.app}/x.log', { app: '' }, {}],
  ];

  it.each(attempts)(
    'rejects a %s and writes nothing outside BaseDir',
    async (_what, template, contents, tags) => {
      const root = newDir();
      const base = path.join(root, 'base');
      const { flusher, context } = await start({ FilePath: path.join(base, 'logs', template) });
      const good = logWith({ app: 'ok', a: 'o', b: 'k', host: 'ok', '__tag__:pod': 'ok' });
      const bad = createLogGroup({ logs: [logWith(contents)], tags });
      const error = await flushError(flusher, [bad]);
      expect(error.failedEvents).toBe(1);
      expect(error.message).toMatch(
        /flusher_file: 1 of 1 log not delivered: .*(field|value|segment)/,
      );
      await flush(flusher, [createLogGroup({ logs: [good], tags: { host: 'ok' } })]);
      await flusher.stop();
      expect(listFiles(root).every((name) => name.startsWith('base/logs/'))).toBe(true);
      expect(listFiles(root)).toHaveLength(1);
      expect(context.metrics.get('failed_events')).toBe(1);
    },
  );

  it('cannot be escaped by time fields, which render digits only', async () => {
    const dir = newDir();
    await run({ FilePath: path.join(dir, '%Y/%m/%d/%H%M%S.log') }, [
      createLogGroup({ logs: [logWith({ k: 'v' })] }),
    ]);
    expect(listFiles(dir)).toEqual(['2023/11/14/221320.log']);
  });

  describe('${ENV} in FilePath (replaced when the config is read)', () => {
    beforeEach(() => {
      process.env.LOGFLUSH_TEST_SUBDIR = '../../etc';
    });
    afterEach(() => {
      delete process.env.LOGFLUSH_TEST_SUBDIR;
    });

    it('is a config error when it leads outside an explicit BaseDir', () => {
      const create = () =>
        plugin.create({
          FilePath: '/srv/logs/${LOGFLUSH_TEST_SUBDIR}/a.log',
          BaseDir: '/srv/logs',
        });
      expect(create).toThrow(ConfigError);
      expect(create).toThrow(
        'detail.FilePath: FilePath "/srv/logs/../../etc/a.log" is not inside BaseDir "/srv/logs"',
      );
    });
  });
});

describe('symbolic links under BaseDir', () => {
  it('rejects a directory link that leads outside, and writes nothing there', async () => {
    const root = newDir();
    const base = path.join(root, 'base');
    const outside = path.join(root, 'outside');
    fs.mkdirSync(base);
    fs.mkdirSync(outside);
    fs.symlinkSync(outside, path.join(base, 'evil'));
    const { flusher } = await start({ FilePath: path.join(base, '%{content.app}', 'x.log') });
    const error = await flushError(flusher, [createLogGroup({ logs: [logWith({ app: 'evil' })] })]);
    await flusher.stop();
    expect(error.message).toContain(
      `${path.join(base, 'evil')} is a symbolic link to ${outside}, outside BaseDir ${base}`,
    );
    expect(fs.readdirSync(outside)).toEqual([]);
  });

  it('rejects a file link that leads outside, and a link to nothing', async () => {
    const root = newDir();
    const base = path.join(root, 'base');
    fs.mkdirSync(base);
    fs.writeFileSync(path.join(root, 'secret'), 'untouched\n');
    fs.symlinkSync(path.join(root, 'secret'), path.join(base, 'evil.log'));
    fs.symlinkSync(path.join(root, 'missing'), path.join(base, 'dangling.log'));
    const { flusher } = await start({ FilePath: path.join(base, '%{content.app}.log') });
    const escape = await flushError(flusher, [
      createLogGroup({ logs: [logWith({ app: 'evil' })] }),
    ]);
    const dangling = await flushError(flusher, [
      createLogGroup({ logs: [logWith({ app: 'dangling' })] }),
    ]);
    await flusher.stop();
    expect(escape.message).toContain('is a symbolic link to');
    expect(dangling.message).toContain('is a symbolic link to a missing file');
    expect(readText(path.join(root, 'secret'))).toBe('untouched\n');
    expect(fs.existsSync(path.join(root, 'missing'))).toBe(false);
  });

  it('checks the fixed part of FilePath below an explicit BaseDir too; BaseDir itself may be a link', async () => {
    const root = newDir();
    fs.mkdirSync(path.join(root, 'base'));
    fs.mkdirSync(path.join(root, 'outside'));
    fs.symlinkSync(path.join(root, 'outside'), path.join(root, 'base', 'link'));
    const template = path.join(root, 'base', 'link', '%{content.app}.log');
    const group = createLogGroup({ logs: [logWith({ app: 'a' })] });

    const { flusher } = await start({ FilePath: template, BaseDir: path.join(root, 'base') });
    const error = await flushError(flusher, [group]);
    await flusher.stop();
    expect(error.message).toContain(
      `${path.join(root, 'base', 'link')} is a symbolic link to ${path.join(root, 'outside')}`,
    );
    expect(fs.readdirSync(path.join(root, 'outside'))).toEqual([]);

    await run({ FilePath: template }, [group]); // BaseDir is base/link: the operator's choice
    expect(fs.readdirSync(path.join(root, 'outside'))).toEqual(['a.log']);
  });

  it('follows links that stay inside BaseDir, and rolls the real file', async () => {
    const root = newDir();
    fs.mkdirSync(path.join(root, 'real'));
    fs.symlinkSync(path.join(root, 'real'), path.join(root, 'alias'));
    fs.writeFileSync(path.join(root, 'real', 'target.log'), '');
    fs.symlinkSync(path.join(root, 'real', 'target.log'), path.join(root, 'current.log'));
    const group = createLogGroup({
      logs: [logWith({ app: 'alias', n: '1' }), logWith({ app: 'current', n: '2' })],
    });
    await run({ FilePath: path.join(root, '%{content.app}', 'x.log') }, [
      createLogGroup({ logs: [group.Logs[0]!] }),
    ]);
    await run({ FilePath: path.join(root, '%{content.app}.log'), MaxFileSize: 10 }, [
      createLogGroup({ logs: [group.Logs[1]!, group.Logs[1]!] }),
    ]);
    expect(readText(path.join(root, 'real', 'x.log'))).toBe(
      '{"__time__":1700000000,"app":"alias","n":"1"}\n',
    );
    expect(fs.readdirSync(path.join(root, 'real')).sort()).toEqual([
      'target.1.log',
      'target.log',
      'x.log',
    ]);
  });
});

describe('FileMode and DirMode', () => {
  let umask = 0;
  beforeEach(() => {
    umask = process.umask(0o022);
  });
  afterEach(() => {
    process.umask(umask);
  });

  it('gives created files and directories exactly the modes set, whatever the umask', async () => {
    const dir = newDir();
    await run(
      {
        FilePath: path.join(dir, '%{content.app}', 'deep', 'x.log'),
        FileMode: '0666',
        DirMode: '0777',
      },
      [createLogGroup({ logs: [logWith({ app: 'a' })] })],
    );
    expect(fs.statSync(path.join(dir, 'a')).mode & 0o777).toBe(0o777);
    expect(fs.statSync(path.join(dir, 'a', 'deep')).mode & 0o777).toBe(0o777);
    expect(fs.statSync(path.join(dir, 'a', 'deep', 'x.log')).mode & 0o777).toBe(0o666);
  });

  it('defaults to 0644 and 0755, and leaves existing files and directories as they are', async () => {
    const dir = newDir();
    fs.mkdirSync(path.join(dir, 'kept'), { mode: 0o700 });
    fs.writeFileSync(path.join(dir, 'kept', 'x.log'), '', { mode: 0o600 });
    await run({ FilePath: path.join(dir, '%{content.app}', 'x.log') }, [
      createLogGroup({ logs: [logWith({ app: 'kept' }), logWith({ app: 'new' })] }),
    ]);
    expect(fs.statSync(path.join(dir, 'kept')).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.join(dir, 'kept', 'x.log')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(dir, 'new')).mode & 0o777).toBe(0o755);
    expect(fs.statSync(path.join(dir, 'new', 'x.log')).mode & 0o777).toBe(0o644);
  });

  it('rejects a mode that is not octal, naming the option', () => {
    expect(() => plugin.create({ FilePath: '/tmp/x.log', FileMode: '0999' })).toThrow(
      /detail\.FileMode/,
    );
    expect(() => plugin.create({ FilePath: '/tmp/x.log', DirMode: 755 })).toThrow(
      /detail\.DirMode/,
    );
  });
});
