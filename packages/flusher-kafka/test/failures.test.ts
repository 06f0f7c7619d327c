import net from 'node:net';
import { FlushFailedError } from '@logflush/core';
import { createLog, createLogGroup, createLogs, mockContext } from '@logflush/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import {
  clientErrors,
  createFlusher,
  flush,
  quickRetries,
  startFlusher,
  type RunningFlusher,
} from './support/flusher.js';
import { createTopic, plaintextBrokers, readTopic, uniqueTopic, values } from './support/kafka.js';

let running: RunningFlusher | undefined;
const servers: net.Server[] = [];

afterEach(async () => {
  await running?.flusher.stop();
  running = undefined;
  await Promise.all(
    servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))),
  );
});

/** A loopback port with a listener that accepts connections and never answers. */
async function silentBroker(): Promise<string> {
  const sockets: net.Socket[] = [];
  const server = net.createServer((socket) => sockets.push(socket));
  server.on('close', () => sockets.forEach((socket) => socket.destroy()));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = server.close.bind(server);
  server.close = (callback) => {
    sockets.forEach((socket) => socket.destroy());
    return close(callback);
  };
  return `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

/** A loopback port where nothing listens (connections are refused). */
async function closedPort(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `127.0.0.1:${port}`;
}

describe('unreachable brokers at init', () => {
  it('a refused connection fails init with a clear error once Timeout has passed', async () => {
    const broker = await closedPort();
    const flusher = createFlusher({
      Brokers: [broker],
      Topic: 'never-written',
      Timeout: '1s',
      Backoff: { Init: '100ms' },
    });
    const context = mockContext();
    await expect(flusher.init(context)).rejects.toThrow(
      new RegExp(
        `^flusher_kafka: cannot connect to ${broker} within Timeout 1000 ms: ${clientErrors.refused}`,
      ),
    );
    expect(flusher.isReady('p', 'l', 0n)).toBe(false);
    await flusher.stop();
  });

  it('a broker that never answers fails init once Timeout has passed', async () => {
    const broker = await silentBroker();
    const flusher = createFlusher({ Brokers: [broker], Topic: 'never-written', Timeout: '1s' });
    await expect(flusher.init(mockContext())).rejects.toThrow(
      `flusher_kafka: cannot connect to ${broker} within Timeout 1000 ms`,
    );
    await flusher.stop();
  });
});

describe('MaxMessageBytes', () => {
  it('fails a message over the limit without retrying it, naming its size and the limit; the rest is delivered', async () => {
    const topic = uniqueTopic('too-big');
    await createTopic(topic, 1);
    running = await startFlusher({
      ...quickRetries,
      Brokers: plaintextBrokers(),
      Topic: topic,
      MaxMessageBytes: 1000,
    });
    const big = createLog({ time: 1700000000, contents: { msg: 'x'.repeat(1000) } });
    const group = createLogGroup({
      logs: [...createLogs(2), big, ...createLogs(1, { startTime: 1700000009 })],
    });

    // 1063 bytes of body, 40 of record overhead and 61 of batch header.
    const error = (await flush(running, [group]).catch(
      (caught: unknown) => caught,
    )) as FlushFailedError;
    expect(error).toBeInstanceOf(FlushFailedError);
    expect(error.failedEvents).toBe(1);
    expect(error.message).toBe(
      `flusher_kafka: 1 of 4 logs not delivered: to topic "${topic}": a message of 1164 bytes (value, key, headers and batch overhead) is over MaxMessageBytes 1000; not retried (1 log)`,
    );
    expect(error.reasons).toEqual([
      {
        reason: `to topic "${topic}": a message of 1164 bytes (value, key, headers and batch overhead) is over MaxMessageBytes 1000; not retried`,
        logs: 1,
      },
    ]);
    expect(values(await readTopic(topic))).toHaveLength(3);
    expect(running.context.metrics.get('retries')).toBe(0);
    expect(running.context.metrics.get('failed_events')).toBe(1);
    expect(running.context.metrics.get('out_events')).toBe(3);
  });
});
