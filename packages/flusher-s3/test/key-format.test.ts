import { describe, expect, it } from 'vitest';
import { FlushFailedError } from '@logflush/core';
import { createLog, createLogGroup, createLogs, mockContext } from '@logflush/testkit';
import { KeyFormat, plugin } from '../src/index.js';
import { listKeys, readObjects, serverDetail, uniquePrefix } from './helpers.js';

describe('KeyFormat', () => {
  const tokens = { uuid: 'U', index: 7, ext: '.jsonl.gz' };

  it('renders strftime in UTC on the log time, then fills {uuid}, {index} and {ext}', () => {
    const format = new KeyFormat('logs/%Y/%m/%d/%H%M%S/{index}-{uuid}{ext}', '__missing__');
    // 1700000000 = 2023-11-14 22:13:20 UTC
    expect(format.objectKey(format.batchKey(undefined, 1700000000), tokens)).toBe(
      'logs/2023/11/14/221320/7-U.jsonl.gz',
    );
  });

  it('renders %{tag.x} and %{content.x}, with a fallback for a missing field', () => {
    const format = new KeyFormat('%{tag.env}/%{content.app}/{uuid}', '__missing__');
    const fields = {
      tag: (key: string) => (key === 'env' ? 'prod' : undefined),
      content: () => undefined,
    };
    expect(format.objectKey(format.batchKey(fields, 0), tokens)).toBe('prod/__missing__/U');
  });

  it('refuses a field value that would leave its path segment', () => {
    const format = new KeyFormat('%{tag.env}/{uuid}', '__missing__');
    const fields = { tag: () => '../etc', content: () => undefined };
    expect(() => format.batchKey(fields, 0)).toThrow(/"\.\.\/etc" of tag\.env contains "\/"/);
  });

  it('keeps "{" text that is no token', () => {
    const format = new KeyFormat('a{b}/{uuid}.log', '__missing__');
    expect(format.objectKey(format.batchKey(undefined, 0), tokens)).toBe('a{b}/U.log');
  });
});

describe('objects per rendered key', () => {
  it('batches logs by hour and tag, counting {index} per rendered key', async () => {
    const prefix = uniquePrefix();
    const detail = serverDetail(prefix, {
      KeyFormat: `${prefix}%{tag.env}/%Y%m%d%H/{index}-{uuid}{ext}`,
      Compression: 'none',
      MaxEvents: 2,
    });
    const flusher = plugin.create(detail);
    await flusher.init(mockContext());
    const at = (hourOffset: number, seq: number) =>
      createLog({ time: 1700000000 + hourOffset * 3600, contents: { seq: String(seq) } });
    await flusher.flush('p', 'l', 'c', [
      createLogGroup({ logs: [at(0, 0), at(1, 1), at(0, 2), at(0, 3)], tags: { env: 'prod' } }),
      createLogGroup({ logs: [at(0, 4)], tags: { env: 'dev' } }),
      createLogGroup({ logs: [at(0, 5)] }),
    ]);
    await flusher.stop();

    const objects = await readObjects(prefix);
    const byKey = objects.map((object) => [
      object.key
        .slice(prefix.length)
        .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, 'U'),
      object.text
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { seq: string }).seq),
    ]);
    expect(byKey.sort()).toEqual([
      ['__missing__/2023111422/0-U.jsonl', ['5']],
      ['dev/2023111422/0-U.jsonl', ['4']],
      ['prod/2023111422/0-U.jsonl', ['0', '2']],
      ['prod/2023111422/1-U.jsonl', ['3']],
      ['prod/2023111423/0-U.jsonl', ['1']],
    ]);
  });

  it('renders tags by their converted names: %{tag.host.name} is the __hostname__ tag, %{tag.log.topic} the topic', async () => {
    const prefix = uniquePrefix();
    const flusher = plugin.create(
      serverDetail(prefix, { KeyFormat: `${prefix}%{tag.host.name}/%{tag.log.topic}/{uuid}{ext}` }),
    );
    await flusher.init(mockContext());
    await flusher.flush('p', 'l', 'c', [
      createLogGroup({ logs: createLogs(2), tags: { __hostname__: 'web-1' }, topic: 'app' }),
    ]);
    await flusher.stop();
    expect(
      (await listKeys(prefix)).map((key) => key.slice(prefix.length).replace(/[0-9a-f-]{36}/, 'U')),
    ).toEqual(['web-1/app/U.jsonl.gz']);
  });

  it('rejects, accepting nothing, a flush whose key cannot be built, and says why', async () => {
    const prefix = uniquePrefix();
    const flusher = plugin.create(
      serverDetail(prefix, { KeyFormat: `${prefix}%{tag.env}/{uuid}` }),
    );
    const context = mockContext();
    await flusher.init(context);
    const bad = createLogGroup({ logs: createLogs(3), tags: { env: 'a/b' } });
    const error = await flusher.flush('p', 'l', 'c', [bad]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlushFailedError);
    expect((error as FlushFailedError).failedEvents).toBe(3);
    expect((error as Error).message).toMatch(
      /cannot build the object key of 3 logs: value "a\/b" of tag\.env contains "\/"/,
    );
    await flusher.flush('p', 'l', 'c', [
      createLogGroup({ logs: createLogs(2), tags: { env: 'ok' } }),
    ]);
    await flusher.stop();
    expect(
      (await listKeys(prefix)).map((key) => key.slice(prefix.length, prefix.length + 3)),
    ).toEqual(['ok/']);
    expect(context.metrics.snapshot()).toMatchObject({
      in_events: 5,
      failed_events: 3,
      out_events: 2,
    });
  });
});

describe('KeyFormat time granularity', () => {
  it('is the finest strftime unit in seconds, ignoring %% escapes', () => {
    const granularity = (template: string) =>
      new KeyFormat(template, '__missing__').timeGranularity;
    expect(granularity('logs/{uuid}')).toBe(Number.POSITIVE_INFINITY);
    expect(granularity('%Y/%m/%d/{uuid}')).toBe(86400);
    expect(granularity('%Y/%m/%d/%H/{uuid}')).toBe(3600);
    expect(granularity('%H%M/{uuid}')).toBe(60);
    expect(granularity('%%S/%H/{uuid}')).toBe(3600);
    expect(granularity('%H%M%S/{uuid}')).toBe(1);
  });
});
