import { describe, expect, it } from 'vitest';
import {
  createConverter,
  lastContentValue,
  lookupField,
  parseFieldRef,
} from '../../src/convert/index.js';
import { group, log } from './build.js';

// Reference: iLogtail pkg/protocol/converter/converter.go findTargetValues, the values behind
// flusher_kafka_v2's %{content.x} / %{tag.x} topics and HashKeys.
const g = group(
  [
    log(1, [
      ['method', 'PUT'],
      ['__path__', '/var/log/a.log'],
      ['__tag__:custom', 'c'],
      ['__log_topic__', 'content-topic'],
      ['dup', 'first'],
      ['dup', 'last'],
    ]),
  ],
  [
    ['__hostname__', 'h'],
    ['_node_ip_', '10.0.0.1'],
    ['__pack_id__', 'pack'],
  ],
  { Source: '1.2.3.4', Topic: 'group-topic' },
);
const theLog = g.Logs[0]!;

describe('converter field lookups', () => {
  it('finds contents that stay contents, the last of repeated keys', () => {
    const fields = createConverter({ protocol: 'custom_single' }).groupFields(g).of(theLog);
    expect(fields.content('method')).toBe('PUT');
    expect(fields.content('dup')).toBe('last');
    expect(fields.content('absent')).toBeUndefined();
  });

  it('does not find contents that became tags', () => {
    const fields = createConverter({ protocol: 'custom_single' }).groupFields(g).of(theLog);
    expect(fields.content('__path__')).toBeUndefined();
    expect(fields.content('__tag__:custom')).toBeUndefined();
    expect(fields.content('__log_topic__')).toBeUndefined();
  });

  it('finds tags by their converted names; group tags win over content-made ones', () => {
    const fields = createConverter({ protocol: 'custom_single' }).groupFields(g).of(theLog);
    expect(fields.tag('host.name')).toBe('h');
    expect(fields.tag('k8s.node.ip')).toBe('10.0.0.1');
    expect(fields.tag('host.ip')).toBe('1.2.3.4');
    expect(fields.tag('log.topic')).toBe('group-topic');
    expect(fields.tag('log.file.path')).toBe('/var/log/a.log');
    expect(fields.tag('custom')).toBe('c');
    expect(fields.tag('__hostname__')).toBeUndefined();
    expect(fields.tag('__pack_id__')).toBeUndefined();
  });

  it('follows TagFieldsRename, including a lookup by the name before renaming', () => {
    const converter = createConverter({
      protocol: 'custom_single',
      tagFieldsRename: { 'host.name': 'hostname', 'k8s.node.ip': '', 'log.file.path': 'path' },
    });
    const fields = converter.groupFields(g).of(theLog);
    expect(fields.tag('hostname')).toBe('h');
    expect(fields.tag('host.name')).toBe('h');
    expect(fields.tag('path')).toBe('/var/log/a.log');
    expect(fields.tag('k8s.node.ip')).toBeUndefined();
  });

  it('parses content./tag. references and rejects others', () => {
    const fields = createConverter({ protocol: 'custom_single' }).groupFields(g).of(theLog);
    expect(lookupField(fields, parseFieldRef('content.method'))).toBe('PUT');
    expect(lookupField(fields, parseFieldRef('tag.host.name'))).toBe('h');
    expect(parseFieldRef('tag.a.b')).toEqual({ kind: 'tag', key: 'a.b', ref: 'tag.a.b' });
    expect(() => parseFieldRef('app')).toThrow(
      'unsupported field "app": expected content.<key> or tag.<key>',
    );
    expect(() => parseFieldRef('content.')).toThrow(/unsupported field "content\."/);
  });
});

describe('lastContentValue', () => {
  it('returns the last content of that name, or undefined', () => {
    const log = {
      Time: 1,
      Contents: [
        { Key: 'a', Value: '1' },
        { Key: 'b', Value: '2' },
        { Key: 'a', Value: '3' },
      ],
    };
    expect(lastContentValue(log, 'a')).toBe('3');
    expect(lastContentValue(log, 'b')).toBe('2');
    expect(lastContentValue(log, 'c')).toBeUndefined();
  });
});
