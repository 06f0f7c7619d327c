import type { KafkaSaslUser } from '@logflush/services/types';
import { createLogGroup, createLogs } from '@logflush/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import {
  clientErrors,
  createFlusher,
  flush,
  quickRetries,
  startFlusher,
  type RunningFlusher,
} from './support/flusher.js';
import { createTopic, kafkaInfo, readTopic, uniqueTopic } from './support/kafka.js';
import { mockContext } from '@logflush/testkit';

let running: RunningFlusher | undefined;

afterEach(async () => {
  await running?.flusher.stop();
  running = undefined;
});

const mechanisms = {
  plain: 'PLAIN',
  'scram-sha-256': 'SCRAM-SHA-256',
  'scram-sha-512': 'SCRAM-SHA-512',
} as const;

/** Sends two logs and reads them back (through the plaintext listener). */
async function roundTrip(detail: Record<string, unknown>): Promise<void> {
  const topic = uniqueTopic('auth');
  await createTopic(topic);
  running = await startFlusher({ ...quickRetries, Topic: topic, ...detail } as Parameters<
    typeof startFlusher
  >[0]);
  await flush(running, [createLogGroup({ logs: createLogs(2) })]);
  expect(await readTopic(topic)).toHaveLength(2);
}

describe('SASL', () => {
  const users = (): KafkaSaslUser[] => Object.values(kafkaInfo().sasl);

  it('logs in with PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512', async () => {
    for (const user of users()) {
      await roundTrip({
        Brokers: kafkaInfo().brokers.sasl,
        Authentication: {
          SASL: {
            SaslMechanism: mechanisms[user.mechanism],
            Username: user.username,
            Password: user.password,
          },
        },
      });
      await running?.flusher.stop();
    }
  });

  it("logs in with iLogtail's PlainText form", async () => {
    const { username, password } = kafkaInfo().sasl.plain;
    await roundTrip({
      Brokers: kafkaInfo().brokers.sasl,
      Authentication: { PlainText: { Username: username, Password: password } },
    });
  });

  it('a wrong password fails init at once with a clear error that does not show the password', async () => {
    for (const user of users()) {
      const password = `wrong-${user.password}-Zq9`;
      const flusher = createFlusher({
        ...quickRetries,
        Brokers: kafkaInfo().brokers.sasl,
        Topic: uniqueTopic('auth-wrong'),
        Timeout: '20s',
        Authentication: {
          SASL: {
            SaslMechanism: mechanisms[user.mechanism],
            Username: user.username,
            Password: password,
          },
        },
      });
      const context = mockContext();
      const error = (await flusher.init(context).catch((caught: unknown) => caught)) as Error;
      expect(error).toBeInstanceOf(Error);
      expect(error.message).toMatch(
        new RegExp(
          `^flusher_kafka: cannot connect to 127\\.0\\.0\\.1:29093 within Timeout 20000 ms: ${clientErrors.saslFailed}`,
        ),
      );
      expect(error.message).not.toContain(password);
      expect(JSON.stringify(context.lines)).not.toContain(password);
      await flusher.stop();
    }
  });
});

describe('TLS', () => {
  const tls = () => kafkaInfo().ssl;

  it('verifies the broker with CAFile', async () => {
    await roundTrip({
      Brokers: kafkaInfo().brokers.ssl,
      Authentication: { TLS: { Enabled: true, CAFile: tls().caFile } },
    });
  });

  it('presents a client certificate with CertFile and KeyFile', async () => {
    const { caFile, clientCertFile, clientKeyFile } = tls();
    expect(clientKeyFile, 'the services need openssl to write the client key').toBeDefined();
    await roundTrip({
      Brokers: kafkaInfo().brokers.ssl,
      Authentication: {
        TLS: { Enabled: true, CAFile: caFile, CertFile: clientCertFile, KeyFile: clientKeyFile },
      },
    });
  });

  it('InsecureSkipVerify connects without the CA', async () => {
    await roundTrip({
      Brokers: kafkaInfo().brokers.ssl,
      Authentication: { TLS: { Enabled: true, InsecureSkipVerify: true } },
    });
  });

  it('an untrusted broker certificate fails init at once, saying why', async () => {
    const flusher = createFlusher({
      Brokers: kafkaInfo().brokers.ssl,
      Topic: 'never-written',
      Timeout: '20s',
      Authentication: { TLS: { Enabled: true } },
    });
    await expect(flusher.init(mockContext())).rejects.toThrow(
      new RegExp(
        `cannot connect to 127\\.0\\.0\\.1:29094 within Timeout 20000 ms: ${clientErrors.selfSigned}`,
      ),
    );
    await flusher.stop();
  });

  it('names a CA file that cannot be read', async () => {
    const flusher = createFlusher({
      Brokers: kafkaInfo().brokers.ssl,
      Topic: 'never-written',
      Authentication: { TLS: { Enabled: true, CAFile: '/nonexistent/ca.pem' } },
    });
    await expect(flusher.init(mockContext())).rejects.toThrow(
      'Authentication.TLS.CAFile: cannot read "/nonexistent/ca.pem" (ENOENT)',
    );
    await flusher.stop();
  });
});
