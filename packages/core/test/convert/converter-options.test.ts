import { describe, expect, it } from 'vitest';
import { ConverterOptionsError, createConverter } from '../../src/convert/index.js';

describe('createConverter options', () => {
  it('accepts every protocol with json encoding, absent or empty', () => {
    for (const protocol of ['kv', 'json', 'custom_single', 'custom_single_flatten', 'jsonline']) {
      expect(createConverter({ protocol }).encoding).toBe('json');
      expect(createConverter({ protocol, encoding: '' }).protocol).toBe(protocol);
    }
  });

  it('rejects an unknown protocol with the nearest name and the list', () => {
    expect(() => createConverter({ protocol: 'custom_singel' })).toThrow(
      'unknown Protocol "custom_singel"; did you mean "custom_single"? (supported: kv, json, custom_single, custom_single_flatten, jsonline)',
    );
    expect(() => createConverter({ protocol: 'raw' })).toThrow(
      /Protocol "raw" exists in iLogtail but is not supported by logflush/,
    );
    expect(() => createConverter({ protocol: 42 as unknown as string })).toThrow(
      ConverterOptionsError,
    );
  });

  it('rejects encodings other than json', () => {
    expect(() => createConverter({ protocol: 'custom_single', encoding: 'protobuf' })).toThrow(
      'unsupported Encoding "protobuf" for Protocol custom_single (supported: json)',
    );
    expect(() => createConverter({ protocol: 'kv', encoding: 'JSON' })).toThrow(
      /unsupported Encoding "JSON"/,
    );
  });

  it('rejects rename tables where they do not apply or are malformed', () => {
    expect(() => createConverter({ protocol: 'kv', tagFieldsRename: { a: 'b' } })).toThrow(
      'TagFieldsRename applies to custom_single, custom_single_flatten and jsonline, not to Protocol kv',
    );
    expect(() =>
      createConverter({ protocol: 'json', protocolFieldsRename: { time: 't' } }),
    ).toThrow(/ProtocolFieldsRename applies to .* not to Protocol json/);
    expect(() =>
      createConverter({ protocol: 'custom_single', protocolFieldsRename: { content: 'c' } }),
    ).toThrow(
      'ProtocolFieldsRename: unknown field "content"; did you mean "contents"? (fields: time, contents, tags)',
    );
    expect(() =>
      createConverter({
        protocol: 'custom_single',
        tagFieldsRename: { a: 1 as unknown as string },
      }),
    ).toThrow('TagFieldsRename.a must be a string; got number');
    expect(() =>
      createConverter({ protocol: 'jsonline', k8s: 'yes' as unknown as boolean }),
    ).toThrow('k8s must be a boolean; got string');
  });
});
