import { FlushFailedError, type LogGroup } from '@logflush/core';
import { createLog, createLogGroup, createLogs } from '@logflush/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { fnv1aPartition, murmur2Partition } from '../src/hash-partition.js';
import { flush, quickRetries, startFlusher, type RunningFlusher } from './support/flusher.js';
import {
  createTopic,
  kafkajsPartition,
  plaintextBrokers,
  readTopic,
  uniqueTopic,
  values,
} from './support/kafka.js';

const running: RunningFlusher[] = [];

/**
 * These tests count the messages a consumer reads back, so they use the idempotent producer:
 * without it delivery is at-least-once (README), and a retry on a loaded machine can add a
 * message. Delivery without Idempotent is tested in broker-restart.outage.test.ts.
 */
async function start(detail: Parameters<typeof startFlusher>[0]): Promise<RunningFlusher> {
  const flusher = await startFlusher({ ...quickRetries, Idempotent: true, ...detail });
  running.push(flusher);
  return flusher;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map(({ flusher }) => flusher.stop()));
});

/** Two logs with tags, group fields and characters that JSON escaping treats specially. */
function sampleGroup(): LogGroup {
  return createLogGroup({
    topic: 'app-topic',
    source: '10.1.2.3',
    tags: [
      { Key: 'env', Value: 'prod' },
      { Key: '__hostname__', Value: 'web-1' },
    ],
    logs: [
      createLog({
        time: 1700000000,
        contents: [
          ['msg', 'héllo "q" <&> \u2028 tab\t'],
          ['level', 'info'],
        ],
      }),
      createLog({
        time: 1700000001,
        contents: [
          ['msg', 'second'],
          ['level', 'warn'],
        ],
      }),
    ],
  });
}

describe('message bodies, read back by a consumer', () => {
  it('custom_single (the default): one message per log, keys sorted, Go escaping without HTML escaping', async () => {
    const topic = uniqueTopic('custom-single');
    await createTopic(topic, 1);
    const kafka = await start({ Brokers: plaintextBrokers(), Topic: topic });
    await flush(kafka, [sampleGroup()]);

    expect(values(await readTopic(topic))).toEqual([
      String.raw`{"contents":{"level":"info","msg":"héllo \"q\" <&> \u2028 tab\t"},"tags":{"env":"prod","host.ip":"10.1.2.3","host.name":"web-1","log.topic":"app-topic"},"time":1700000000}`,
      String.raw`{"contents":{"level":"warn","msg":"second"},"tags":{"env":"prod","host.ip":"10.1.2.3","host.name":"web-1","log.topic":"app-topic"},"time":1700000001}`,
    ]);
  });

  it('custom_single_flatten: contents, tags and time in one object', async () => {
    const topic = uniqueTopic('flatten');
    await createTopic(topic, 1);
    const kafka = await start({
      Brokers: plaintextBrokers(),
      Topic: topic,
      Convert: { Protocol: 'custom_single_flatten' },
    });
    await flush(kafka, [sampleGroup()]);

    expect(values(await readTopic(topic))).toEqual([
      String.raw`{"env":"prod","host.ip":"10.1.2.3","host.name":"web-1","level":"info","log.topic":"app-topic","msg":"héllo \"q\" <&> \u2028 tab\t","time":1700000000}`,
      String.raw`{"env":"prod","host.ip":"10.1.2.3","host.name":"web-1","level":"warn","log.topic":"app-topic","msg":"second","time":1700000001}`,
    ]);
  });

  it('jsonline: one message per group, its logs joined by newlines (jsoniter leaves U+2028 as is)', async () => {
    const topic = uniqueTopic('jsonline');
    await createTopic(topic, 1);
    const kafka = await start({
      Brokers: plaintextBrokers(),
      Topic: topic,
      Convert: { Protocol: 'jsonline' },
    });
    const second = createLogGroup({ logs: [createLog({ time: 5, contents: { only: 'one' } })] });
    await flush(kafka, [sampleGroup(), second]);

    expect(values(await readTopic(topic))).toEqual([
      String.raw`{"env":"prod","host.ip":"10.1.2.3","host.name":"web-1","level":"info","log.topic":"app-topic","msg":"héllo \"q\" <&> ${'\u2028'} tab\t","time":1700000000}` +
        '\n' +
        String.raw`{"env":"prod","host.ip":"10.1.2.3","host.name":"web-1","level":"warn","log.topic":"app-topic","msg":"second","time":1700000001}`,
      '{"host.ip":"","only":"one","time":5}',
    ]);
    expect(kafka.context.metrics.get('out_events')).toBe(3);
  });

  it('TagFieldsRename and ProtocolFieldsRename rename tags and the protocol keys', async () => {
    const topic = uniqueTopic('rename');
    await createTopic(topic, 1);
    const kafka = await start({
      Brokers: plaintextBrokers(),
      Topic: topic,
      Convert: {
        TagFieldsRename: { 'host.name': 'hostname' },
        ProtocolFieldsRename: { time: '@timestamp' },
      },
    });
    await flush(kafka, [sampleGroup()]);

    expect(values(await readTopic(topic))[1]).toBe(
      String.raw`{"@timestamp":1700000001,"contents":{"level":"warn","msg":"second"},"tags":{"env":"prod","host.ip":"10.1.2.3","hostname":"web-1","log.topic":"app-topic"}}`,
    );
  });
});

describe('topics', () => {
  it('renders %{content.x} and %{tag.x} per log', async () => {
    const base = uniqueTopic('tpl');
    // Created beforehand: a request that auto-creates one topic while another accepts its
    // messages fails as a whole in kafkajs, and its retry may duplicate the accepted part.
    await Promise.all([createTopic(`${base}-alpha-prod`), createTopic(`${base}-beta-prod`)]);
    const kafka = await start({
      Brokers: plaintextBrokers(),
      Topic: `${base}-%{content.app}-%{tag.env}`,
    });
    const group = createLogGroup({
      tags: { env: 'prod' },
      logs: [
        createLog({ contents: { app: 'alpha', n: '1' } }),
        createLog({ contents: { app: 'beta', n: '2' } }),
        createLog({ contents: { app: 'alpha', n: '3' } }),
      ],
    });
    await flush(kafka, [group]);

    const alpha = values(await readTopic(`${base}-alpha-prod`)).map(
      (value) => JSON.parse(value) as { contents: { n: string } },
    );
    const beta = values(await readTopic(`${base}-beta-prod`)).map(
      (value) => JSON.parse(value) as { contents: { n: string } },
    );
    expect(alpha.map((message) => message.contents.n).sort()).toEqual(['1', '3']);
    expect(beta.map((message) => message.contents.n)).toEqual(['2']);
  });

  it('%{tag.host.name} in Topic and tag.host.name in HashKeys find the __hostname__ tag by its converted name', async () => {
    const base = uniqueTopic('tpl-host');
    await Promise.all([createTopic(`${base}-web-1`, 1), createTopic(`${base}-web-2`, 1)]);
    const kafka = await start({
      Brokers: plaintextBrokers(),
      Topic: `${base}-%{tag.host.name}`,
      PartitionerType: 'hash',
      HashKeys: ['tag.host.name'],
    });
    const host = (name: string) =>
      createLogGroup({
        tags: [{ Key: '__hostname__', Value: name }],
        logs: createLogs(2, { contents: (i) => ({ n: `${name}/${i}` }) }),
      });
    await flush(kafka, [host('web-1'), host('web-2')]);

    for (const name of ['web-1', 'web-2']) {
      const messages = await readTopic(`${base}-${name}`);
      expect(messages.map((message) => message.key)).toEqual([name, name]);
      expect(
        values(messages).map(
          (value) => (JSON.parse(value) as { contents: { n: string } }).contents.n,
        ),
      ).toEqual([`${name}/0`, `${name}/1`]);
    }
  });

  it('fails the logs whose topic field is missing, names the field, and delivers the others', async () => {
    const base = uniqueTopic('tpl-missing');
    const kafka = await start({ Brokers: plaintextBrokers(), Topic: `${base}-%{content.app}` });
    const group = createLogGroup({
      logs: [createLog({ contents: { app: 'alpha' } }), createLog({ contents: { other: 'x' } })],
    });

    const error = await flush(kafka, [group]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FlushFailedError);
    expect((error as FlushFailedError).failedEvents).toBe(1);
    expect((error as Error).message).toContain('1 of 2 logs not delivered');
    expect((error as Error).message).toContain('field content.app is missing');
    expect(values(await readTopic(`${base}-alpha`))).toHaveLength(1);
    expect(kafka.context.metrics.get('failed_events')).toBe(1);
    expect(kafka.context.metrics.get('out_events')).toBe(1);
  });

  it('rejects a rendered name Kafka does not allow, without sending it', async () => {
    const base = uniqueTopic('tpl-bad');
    const kafka = await start({ Brokers: plaintextBrokers(), Topic: `${base}-%{content.app}` });
    const group = createLogGroup({ logs: [createLog({ contents: { app: 'a b' } })] });

    await expect(flush(kafka, [group])).rejects.toThrow(
      `to topic "${base}-a b": the topic name has characters other than letters, digits, ".", "_" and "-"`,
    );
  });
});

describe('partitioning', () => {
  it('hash: the key is the HashKeys values in the order given, joined by ###; same key, same partition', async () => {
    const topic = uniqueTopic('hash');
    await createTopic(topic, 3);
    const kafka = await start({
      Brokers: plaintextBrokers(),
      Topic: topic,
      PartitionerType: 'hash',
      HashKeys: ['content.user', 'tag.env'],
    });
    const users = ['ann', 'bob', 'cat', 'dan', 'eve', 'fay'];
    const logs = createLogs(60, {
      contents: (i) => ({ user: users[i % users.length]!, seq: String(i) }),
    });
    const noKeys = createLogGroup({ logs: [createLog({ contents: { seq: 'none' } })] });
    await flush(kafka, [createLogGroup({ logs, tags: { env: 'prod' } }), noKeys]);

    const messages = await readTopic(topic);
    expect(messages).toHaveLength(61);
    for (const message of messages) {
      const { contents } = JSON.parse(message.value.toString('utf8')) as {
        contents: { user?: string; seq: string };
      };
      const expectedKey = contents.user === undefined ? 'test-logstore' : `${contents.user}###prod`;
      expect(message.key).toBe(expectedKey);
      expect(message.partition).toBe(kafkajsPartition(expectedKey, 3));
    }
    expect(new Set(messages.map((message) => message.partition)).size).toBeGreaterThan(1);
  });

  it('hash with HashOnce: the first key goes on every message', async () => {
    const topic = uniqueTopic('hash-once');
    await createTopic(topic, 3);
    const kafka = await start({
      Brokers: plaintextBrokers(),
      Topic: topic,
      PartitionerType: 'hash',
      HashKeys: ['content.user'],
      HashOnce: true,
    });
    const logs = createLogs(20, { contents: (i) => ({ user: `user${i}` }) });
    await flush(kafka, [createLogGroup({ logs })]);
    await flush(kafka, [
      createLogGroup({ logs: createLogs(5, { contents: () => ({ user: 'later' }) }) }),
    ]);

    const messages = await readTopic(topic);
    expect(messages).toHaveLength(25);
    expect(new Set(messages.map((message) => message.key))).toEqual(new Set(['user0']));
    expect(new Set(messages.map((message) => message.partition)).size).toBe(1);
  });

  it('roundrobin and random send without keys and use every partition', async () => {
    for (const PartitionerType of ['roundrobin', 'random'] as const) {
      const topic = uniqueTopic(PartitionerType);
      await createTopic(topic, 3);
      const kafka = await start({
        Brokers: plaintextBrokers(),
        Topic: topic,
        PartitionerType,
        BulkMaxSize: 10,
      });
      await flush(kafka, [createLogGroup({ logs: createLogs(300) })]);

      const messages = await readTopic(topic);
      expect(messages).toHaveLength(300);
      expect(messages.every((message) => message.key === null)).toBe(true);
      expect(new Set(messages.map((message) => message.partition))).toEqual(new Set([0, 1, 2]));
    }
  });
});

describe('headers', () => {
  it('adds the Headers to every message, a repeated key keeping both values in order', async () => {
    const topic = uniqueTopic('headers');
    await createTopic(topic, 1);
    const kafka = await start({
      Brokers: plaintextBrokers(),
      Topic: topic,
      Headers: [
        { Key: 'source', Value: 'logflush' },
        { Key: 'env', Value: 'a' },
        { Key: 'env', Value: 'b' },
      ],
    });
    await flush(kafka, [createLogGroup({ logs: createLogs(2) })]);

    const messages = await readTopic(topic);
    expect(messages).toHaveLength(2);
    for (const { headers } of messages) {
      expect(headers.source?.toString()).toBe('logflush');
      expect((headers.env as Buffer[]).map((value) => value.toString())).toEqual(['a', 'b']);
    }
  });
});

describe('batching', () => {
  /** How many messages each record batch on the broker holds, in offset order. */
  function batchSizes(messages: Awaited<ReturnType<typeof readTopic>>): number[] {
    const sizes = new Map<string, number>();
    for (const message of messages) sizes.set(message.batch, (sizes.get(message.batch) ?? 0) + 1);
    return [...sizes.values()];
  }

  it('sends at most BulkMaxSize messages per request', async () => {
    const topic = uniqueTopic('bulk-size');
    await createTopic(topic, 1);
    const kafka = await start({ Brokers: plaintextBrokers(), Topic: topic, BulkMaxSize: 7 });
    await flush(kafka, [createLogGroup({ logs: createLogs(100) })]);

    expect(batchSizes(await readTopic(topic)).sort((a, b) => b - a)).toEqual([
      ...Array.from({ length: 14 }, () => 7),
      2,
    ]);
  });

  it('keeps each request within MaxMessageBytes', async () => {
    const topic = uniqueTopic('bulk-bytes');
    await createTopic(topic, 1);
    // Each message: a 100-byte body, no key or headers, plus 40 bytes of record overhead = 140;
    // a batch adds 61 bytes, so 1000 bytes hold 6 messages.
    const body = (i: number) => ({ pad: 'x'.repeat(25), seq: String(i).padStart(3, '0') });
    const kafka = await start({ Brokers: plaintextBrokers(), Topic: topic, MaxMessageBytes: 1000 });
    const logs = createLogs(20, { startTime: 1000000000, contents: body });
    await flush(kafka, [createLogGroup({ logs })]);

    const messages = await readTopic(topic);
    expect(messages[0]!.value.length).toBe(100);
    expect(batchSizes(messages).sort((a, b) => b - a)).toEqual([6, 6, 6, 2]);
  });
});

describe('HashFunction', () => {
  it("fnv1a puts each key on iLogtail's (sarama's) partition, murmur2 on the Java client's", async () => {
    const keys = ['a', 'b', 'foobar', 'user42', 'web-1###prod', 'test-logstore'];
    for (const HashFunction of ['fnv1a', 'murmur2'] as const) {
      const topic = uniqueTopic(`hash-${HashFunction}`);
      await createTopic(topic, 12);
      const kafka = await start({
        Brokers: plaintextBrokers(),
        Topic: topic,
        PartitionerType: 'hash',
        HashKeys: ['content.k'],
        HashFunction,
      });
      await flush(kafka, [
        createLogGroup({ logs: keys.map((k) => createLog({ contents: { k } })) }),
      ]);
      const messages = await readTopic(topic);
      expect(messages).toHaveLength(keys.length);
      const expected = HashFunction === 'fnv1a' ? fnv1aPartition : murmur2Partition;
      for (const message of messages) {
        expect(message.partition).toBe(expected(Buffer.from(message.key!), 12));
      }
      const partitionOfA = messages.find((message) => message.key === 'a')!.partition;
      expect(partitionOfA).toBe(HashFunction === 'fnv1a' ? 0 : 4);
    }
  });
});
