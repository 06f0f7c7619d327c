import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@logflush/core';
import { createLog, createLogGroup } from '@logflush/testkit';
import { plugin } from '../src/index.js';
import { flush, newDir, readText, run, start } from './helpers.js';

// Every expected line below is written out by hand from the format rules (docs/design.md §5):
// json = LoongCollector's native serializer (sorted group tags, __time__ as a number, rapidjson
// escaping: `"` `\` and control characters only, \u00XX in UPPERCASE hex, no HTML escaping,
// U+2028 raw); kv = iLogtail flusher_stdout (contents, then __time__ as a string, jsoniter
// escaping, tags left out); custom_single = iLogtail's converter (sorted keys, renamed tags,
// Go escaping without HTML, U+2028 escaped).
const group = createLogGroup({
  topic: 'app',
  source: '10.0.0.1',
  machineUUID: 'm-1',
  tags: [
    { Key: 'b-tag', Value: '2' },
    { Key: '__hostname__', Value: 'web-1' },
    { Key: '__path__', Value: '/var/log/a.log' },
  ],
  logs: [
    createLog({
      time: 1700000000,
      contents: [
        ['msg', 'say "hi"\n<b>&'],
        ['ctl', '\u001f'],
        ['uni', 'é\u2028'],
      ],
    }),
    createLog({ time: 1700000001, contents: [['msg', 'second']] }),
  ],
});

async function written(detail: Record<string, unknown>): Promise<string> {
  const file = path.join(newDir(), 'out.log');
  await run({ FilePath: file, ...detail }, [group]);
  return readText(file);
}

describe('Format', () => {
  it('json (the default): sorted group tags, __time__ as a number, then the contents', async () => {
    const tags =
      '{"__hostname__":"web-1","__machine_uuid__":"m-1","__path__":"/var/log/a.log","__source__":"10.0.0.1","__topic__":"app","b-tag":"2",';
    expect(await written({})).toBe(
      `${tags}"__time__":1700000000,"msg":"say \\"hi\\"\\n<b>&","ctl":"\\u001F","uni":"é\u2028"}\n` +
        `${tags}"__time__":1700000001,"msg":"second"}\n`,
    );
  });

  it('json without tags or group fields starts with __time__', async () => {
    const file = path.join(newDir(), 'out.log');
    await run({ FilePath: file }, [
      createLogGroup({ logs: [createLog({ time: 7, contents: [['k', 'v']] })] }),
    ]);
    expect(readText(file)).toBe('{"__time__":7,"k":"v"}\n');
  });

  it('kv: contents in order, then __time__ as a string; no tags', async () => {
    expect(await written({ Format: 'kv' })).toBe(
      '{"msg":"say \\"hi\\"\\n<b>&","ctl":"\\u001f","uni":"é\u2028","__time__":"1700000000"}\n' +
        '{"msg":"second","__time__":"1700000001"}\n',
    );
  });

  it('custom_single: sorted contents and converted tags, then time', async () => {
    const tags =
      '"tags":{"b-tag":"2","host.ip":"10.0.0.1","host.name":"web-1","log.file.path":"/var/log/a.log","log.topic":"app"}';
    expect(await written({ Format: 'custom_single' })).toBe(
      `{"contents":{"ctl":"\\u001f","msg":"say \\"hi\\"\\n<b>&","uni":"é\\u2028"},${tags},"time":1700000000}\n` +
        `{"contents":{"msg":"second"},${tags},"time":1700000001}\n`,
    );
  });

  it('raw: the RawContentKey content as it is, one per line', async () => {
    expect(await written({ Format: 'raw', RawContentKey: 'msg' })).toBe('say "hi"\n<b>&\nsecond\n');
  });

  it('raw uses the content key "content" by default', async () => {
    const file = path.join(newDir(), 'out.log');
    const logs = [createLog({ contents: { content: 'GET /index.html 200', other: 'x' } })];
    await run({ FilePath: file, Format: 'raw' }, [createLogGroup({ logs })]);
    expect(readText(file)).toBe('GET /index.html 200\n');
  });

  it('raw: a log without the RawContentKey content is written as its json line', async () => {
    const file = path.join(newDir(), 'out.log');
    const { flusher, context } = await start({
      FilePath: file,
      Format: 'raw',
      RawContentKey: 'uni',
    });
    await flush(flusher, [group]);
    await flusher.stop();
    expect(readText(file)).toBe(
      'é\u2028\n' +
        '{"__hostname__":"web-1","__machine_uuid__":"m-1","__path__":"/var/log/a.log","__source__":"10.0.0.1","__topic__":"app","b-tag":"2","__time__":1700000001,"msg":"second"}\n',
    );
    expect(context.metrics.snapshot()).toMatchObject({
      in_events: 2,
      out_events: 2,
      failed_events: 0,
    });
  });

  it('RawKey, the old name of RawContentKey, is a config error naming the new one', () => {
    const create = () => plugin.create({ FilePath: '/tmp/x.log', Format: 'raw', RawKey: 'msg' });
    expect(create).toThrow(ConfigError);
    expect(create).toThrow('detail.RawKey: no longer an option: write RawContentKey instead');
  });
});
