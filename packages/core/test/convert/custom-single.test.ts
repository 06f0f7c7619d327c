import { describe, expect, it } from 'vitest';
import { createConverter } from '../../src/convert/index.js';
import { group, log } from './build.js';

// Reference: iLogtail pkg/protocol/converter/converter.go (convertLogToMap, addTagIfRequired),
// custom_single_log.go (Go encoding/json, SetEscapeHTML(false), map keys sorted),
// converter_single_log_flatten.go (contents, then tags, then time into one map) and jsonline.go
// (jsoniter ConfigFastest, objects joined with '\n').

const agentGroup = group(
  [
    log(1662434209, [
      ['status', '200'],
      ['method', 'PUT'],
      ['__tag__:__path__', '/root/test/origin/example.log'],
      ['__tag__:__user_defined_id__', 'dropped'],
      ['__tag__:custom', 'c'],
      ['__tag__:__pack_id__', 'p'],
      ['__tag__:', 'empty-name'],
      ['__log_topic__', 'content-topic'],
      ['_pod_name_', 'pod-1'],
    ]),
  ],
  [
    ['__hostname__', 'alje834hgf'],
    ['__pack_id__', 'AEDCFGHNJUIOPLMN-1E'],
    ['__user_defined_id__', 'uid'],
    ['_node_ip_', '10.0.0.1'],
  ],
  { Source: '172.10.0.56', Topic: 'file', Category: 'logstore' },
);

describe('custom_single', () => {
  it('moves tag-like contents to tags, renames agent tags and sorts keys at every level', () => {
    const converter = createConverter({ protocol: 'custom_single' });
    expect(converter.convertGroup(agentGroup)).toEqual([
      '{"contents":{"__tag__:":"empty-name","method":"PUT","status":"200"},' +
        '"tags":{"__pack_id__":"p","custom":"c","host.ip":"172.10.0.56","host.name":"alje834hgf",' +
        '"k8s.node.ip":"10.0.0.1","k8s.pod.name":"pod-1","log.file.path":"/root/test/origin/example.log",' +
        '"log.topic":"file"},"time":1662434209}',
    ]);
  });

  it('applies TagFieldsRename (empty target drops) and ProtocolFieldsRename', () => {
    const g = group(
      [
        log(1, [
          ['msg', 'hi'],
          ['__log_topic__', 'lt'],
        ]),
      ],
      [
        ['__hostname__', 'h1'],
        ['_node_ip_', '10.0.0.1'],
      ],
    );
    const converter = createConverter({
      protocol: 'custom_single',
      encoding: 'json',
      tagFieldsRename: { 'host.name': 'hostname', 'k8s.node.ip': '', 'log.topic': 'topic' },
      protocolFieldsRename: { time: '@timestamp', contents: 'fields', tags: 'labels' },
    });
    expect(converter.convertGroup(g)).toEqual([
      '{"@timestamp":1,"fields":{"msg":"hi"},"labels":{"host.ip":"","hostname":"h1","topic":"lt"}}',
    ]);
  });

  it('writes host.ip even without a Source, and empty objects for no contents', () => {
    const converter = createConverter({ protocol: 'custom_single' });
    expect(converter.convertGroup(group([log(0, [])]))).toEqual([
      '{"contents":{},"tags":{"host.ip":""},"time":0}',
    ]);
  });

  it('keeps the later of two protocol keys renamed to the same name, as Go map assignment does', () => {
    const converter = createConverter({
      protocol: 'custom_single',
      protocolFieldsRename: { time: 'contents' },
    });
    expect(converter.convertGroup(group([log(2, [['a', '1']])]))).toEqual([
      '{"contents":{"a":"1"},"tags":{"host.ip":""}}',
    ]);
  });

  it('keeps the last of repeated content keys, and a group tag over a content-made tag', () => {
    const g = group(
      [
        log(3, [
          ['a', '1'],
          ['__tag__:k', 'from-content'],
          ['a', '2'],
          ['__tag__:k', 'later'],
        ]),
      ],
      [['k', 'from-group']],
    );
    expect(createConverter({ protocol: 'custom_single' }).convertGroup(g)).toEqual([
      '{"contents":{"a":"2"},"tags":{"host.ip":"","k":"from-group"},"time":3}',
    ]);
  });

  it('escapes as Go without HTML escaping and sorts astral keys after U+FFFF', () => {
    const g = group([
      log(4, [
        ['a<b', 'x&y\u2028\b"'],
        ['😀', '1'],
        ['\uffff', '2'],
      ]),
    ]);
    expect(createConverter({ protocol: 'custom_single' }).convertGroup(g)).toEqual([
      String.raw`{"contents":{"a<b":"x&y\u2028\b\"","` +
        '\uffff' +
        '":"2","😀":"1"},"tags":{"host.ip":""},"time":4}',
    ]);
  });

  it('uses the k8s.container.* names when k8s is set', () => {
    const g = group([log(5, [['_image_name_', 'img']])], [['_container_name_', 'c1']]);
    expect(createConverter({ protocol: 'custom_single' }).convertGroup(g)).toEqual([
      '{"contents":{},"tags":{"container.image.name":"img","container.name":"c1","host.ip":""},"time":5}',
    ]);
    expect(createConverter({ protocol: 'custom_single', k8s: true }).convertGroup(g)).toEqual([
      '{"contents":{},"tags":{"host.ip":"","k8s.container.image.name":"img","k8s.container.name":"c1"},"time":5}',
    ]);
  });

  it('gives the same text from convertLog as from convertGroup, across changing keys', () => {
    const g = group(
      [
        log(1, [['a', '1']]),
        log(2, [['a', '2']]),
        log(3, [
          ['__tag__:x', 'y'],
          ['a', '3'],
        ]),
      ],
      [],
      { Source: 's' },
    );
    const converter = createConverter({ protocol: 'custom_single' });
    const lines = [
      '{"contents":{"a":"1"},"tags":{"host.ip":"s"},"time":1}',
      '{"contents":{"a":"2"},"tags":{"host.ip":"s"},"time":2}',
      '{"contents":{"a":"3"},"tags":{"host.ip":"s","x":"y"},"time":3}',
    ];
    expect(converter.convertGroup(g)).toEqual(lines);
    expect(g.Logs.map((l) => converter.convertLog(g, l))).toEqual(lines);
  });
});

describe('custom_single_flatten', () => {
  it('merges contents and tags beside time, sorted', () => {
    expect(createConverter({ protocol: 'custom_single_flatten' }).convertGroup(agentGroup)).toEqual(
      [
        '{"__pack_id__":"p","__tag__:":"empty-name","custom":"c","host.ip":"172.10.0.56",' +
          '"host.name":"alje834hgf","k8s.node.ip":"10.0.0.1","k8s.pod.name":"pod-1",' +
          '"log.file.path":"/root/test/origin/example.log","log.topic":"file","method":"PUT",' +
          '"status":"200","time":1662434209}',
      ],
    );
  });

  it('lets a tag win over a content of the same key, and time over both', () => {
    const g = group(
      [
        log(5, [
          ['msg', 'm'],
          ['host.ip', 'c'],
          ['time', 'x'],
        ]),
      ],
      [['__hostname__', 'h']],
      { Source: 's' },
    );
    const renamed = { 'host.name': 'msg' };
    expect(
      createConverter({ protocol: 'custom_single_flatten', tagFieldsRename: renamed }).convertGroup(
        g,
      ),
    ).toEqual(['{"host.ip":"s","msg":"h","time":5}']);
    expect(
      createConverter({ protocol: 'custom_single', tagFieldsRename: renamed }).convertGroup(g),
    ).toEqual([
      '{"contents":{"host.ip":"c","msg":"m","time":"x"},"tags":{"host.ip":"s","msg":"h"},"time":5}',
    ]);
  });

  it('renames time only', () => {
    const converter = createConverter({
      protocol: 'custom_single_flatten',
      protocolFieldsRename: { time: '@t', contents: 'unused', tags: 'unused2' },
    });
    expect(converter.convertGroup(group([log(6, [['a', '1']])]))).toEqual([
      '{"@t":6,"a":"1","host.ip":""}',
    ]);
  });
});

describe('jsonline', () => {
  it('joins the flattened objects of a group with newlines into one message', () => {
    const g = group([log(1, [['a', '1']]), log(2, [['b', '2']])], [], { Topic: 't' });
    expect(createConverter({ protocol: 'jsonline' }).convertGroup(g)).toEqual([
      '{"a":"1","host.ip":"","log.topic":"t","time":1}\n{"b":"2","host.ip":"","log.topic":"t","time":2}',
    ]);
  });

  it('gives no message for a group without logs', () => {
    expect(createConverter({ protocol: 'jsonline' }).convertGroup(group([]))).toEqual([]);
  });

  it('escapes as jsoniter WriteString: no HTML, U+2028 as is, \\b as \\u0008', () => {
    const g = group([log(3, [['a<b', 'x&y\u2028\b"']])]);
    const converter = createConverter({ protocol: 'jsonline' });
    const expected =
      String.raw`{"a<b":"x&y` + '\u2028' + String.raw`\u0008\"","host.ip":"","time":3}`;
    expect(converter.convertGroup(g)).toEqual([expected]);
    expect(converter.convertLog(g, g.Logs[0]!)).toBe(expected);
  });
});
