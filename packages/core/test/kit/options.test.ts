import { describe, expect, it } from 'vitest';
import {
  createLineFormatter,
  lineFormatOptions,
  maxBufferedBytesOption,
  parseConfig,
  parseFieldRef,
  renamedOptions,
  retryOptions,
  compileFormatString,
  z,
  type LogGroup,
} from '../../src/index.js';
import { configProblems } from '../config/config-errors.js';

const schema = renamedOptions(
  z.object({
    ...lineFormatOptions('json'),
    ...retryOptions({ MaxRetries: 3, Backoff: { Init: '500ms', Max: '30s' } }),
    MaxBufferedBytes: maxBufferedBytesOption(1024, 'lines'),
  }),
  { RawKey: 'RawContentKey' },
);

const problems = (detail: unknown) => configProblems(schema, detail);

describe('shared option fragments', () => {
  it('decode to the same defaults and units everywhere', () => {
    expect(parseConfig(schema, {})).toEqual({
      Format: 'json',
      RawContentKey: 'content',
      MaxRetries: 3,
      Backoff: { Init: 500, Max: 30_000 },
      MaxBufferedBytes: 1024,
    });
    expect(parseConfig(schema, { backoff: { init: '2s' }, maxretries: 0 })).toMatchObject({
      MaxRetries: 0,
      Backoff: { Init: 2000, Max: 30_000 },
    });
  });

  it('explain the new form when Backoff is given as one duration', () => {
    expect(problems({ Backoff: '500ms' })).toEqual([
      'flushers[0].detail.Backoff: expected an object, given "500ms" (Backoff is {"Init": …, "Max": …} in every flusher; a single duration such as "500ms" is now {"Init": "500ms"})',
    ]);
    expect(problems({ Backoff: { Init: '10s', Max: '1s' } })).toEqual([
      'flushers[0].detail.Backoff.Max: expected a duration at least as long as Backoff.Init',
    ]);
  });

  it('name the new option when an old name is given', () => {
    expect(problems({ RawKey: 'msg' })).toEqual([
      'flushers[0].detail.RawKey: no longer an option: write RawContentKey instead',
    ]);
    expect(problems({ rawkey: 'msg' })).toEqual([
      'flushers[0].detail.rawkey: no longer an option: write RawContentKey instead',
    ]);
    expect(problems({ RawKye: 'msg' })[0]).toMatch(
      /unknown option\. Did you mean "RawKey"|unknown option/,
    );
  });
});

describe('createLineFormatter', () => {
  const group: LogGroup = {
    Logs: [
      { Time: 1700000000, Contents: [{ Key: 'content', Value: 'raw <line>' }], Values: [] },
      { Time: 1700000001, Contents: [{ Key: 'msg', Value: 'no content' }], Values: [] },
    ],
    LogTags: [{ Key: 'env', Value: 'prod' }],
    Topic: 't',
  };

  it('writes raw lines, and a log without the content as its json line', () => {
    expect(createLineFormatter({ Format: 'raw', RawContentKey: 'content' })(group)).toEqual([
      'raw <line>',
      '{"__topic__":"t","env":"prod","__time__":1700000001,"msg":"no content"}',
    ]);
  });

  it('writes the converters of the other formats', () => {
    expect(createLineFormatter({ Format: 'kv', RawContentKey: 'content' })(group)).toEqual([
      '{"content":"raw <line>","__time__":"1700000000"}',
      '{"msg":"no content","__time__":"1700000001"}',
    ]);
  });
});

describe('field references', () => {
  it('refuse a raw tag name that iLogtail renames, naming the converted one', () => {
    expect(() => parseFieldRef('tag.__hostname__')).toThrow(
      'unsupported field "tag.__hostname__": tags go by their converted names, write tag.host.name',
    );
    expect(() => parseFieldRef('tag.__topic__')).toThrow('write tag.log.topic');
    expect(() => parseFieldRef('tag.__source__')).toThrow('write tag.host.ip');
    expect(() => compileFormatString('logs/%{tag.__path__}/x', { mode: 'path' })).toThrow(
      'write tag.log.file.path',
    );
    expect(parseFieldRef('tag.host.name')).toEqual({
      kind: 'tag',
      key: 'host.name',
      ref: 'tag.host.name',
    });
    expect(parseFieldRef('tag.env')).toEqual({ kind: 'tag', key: 'env', ref: 'tag.env' });
  });
});
