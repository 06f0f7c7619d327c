// End-to-end check of a running broker with Kafka's own console producer and consumer:
// one message produced and consumed back on every listener and authentication method.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafkaClasspath, kafkaInfo, kafkaJvmArgs, TOOL_JVM } from '../kafka.mjs';
import { run } from '../lib/run.mjs';

function scramJaas(module, { username, password }) {
  return `sasl.jaas.config=org.apache.kafka.common.security.${module} required username="${username}" password="${password}";`;
}

function variants(info) {
  const { sasl, ssl, brokers } = info;
  const saslProps = (mechanism, module, user) => [
    'security.protocol=SASL_PLAINTEXT',
    `sasl.mechanism=${mechanism}`,
    scramJaas(module, user),
  ];
  const sslProps = [
    'security.protocol=SSL',
    'ssl.truststore.type=PEM',
    `ssl.truststore.location=${ssl.caFile}`,
  ];
  return [
    { name: 'plaintext', bootstrap: brokers.plaintext, props: [] },
    {
      name: 'sasl-plain',
      bootstrap: brokers.sasl,
      props: saslProps('PLAIN', 'plain.PlainLoginModule', sasl.plain),
    },
    {
      name: 'sasl-scram-sha-256',
      bootstrap: brokers.sasl,
      props: saslProps('SCRAM-SHA-256', 'scram.ScramLoginModule', sasl.scramSha256),
    },
    {
      name: 'sasl-scram-sha-512',
      bootstrap: brokers.sasl,
      props: saslProps('SCRAM-SHA-512', 'scram.ScramLoginModule', sasl.scramSha512),
    },
    { name: 'ssl', bootstrap: brokers.ssl, props: sslProps },
    {
      name: 'ssl-client-cert',
      bootstrap: brokers.ssl,
      props: [
        ...sslProps,
        'ssl.keystore.type=PKCS12',
        `ssl.keystore.location=${ssl.clientPfxFile}`,
        `ssl.keystore.password=${ssl.passphrase}`,
      ],
    },
  ];
}

async function tool(classpath, mainClass, args, input) {
  const { stdout } = await run(
    'java',
    [...TOOL_JVM, ...kafkaJvmArgs('WARN'), '-cp', classpath, mainClass, ...args],
    { timeoutMs: 90_000, input },
  );
  return stdout;
}

/** Produce and consume one message per variant; throws on the first failure. */
export async function smokeKafka({ log = console.log } = {}) {
  const info = kafkaInfo();
  if (!info) throw new Error('kafka is not running (run: services.mjs up kafka)');
  const classpath = await kafkaClasspath();
  const dir = mkdtempSync(join(tmpdir(), 'logflush-kafka-smoke-'));
  try {
    for (const v of variants(info)) {
      const t0 = Date.now();
      const config = join(dir, `${v.name}.properties`);
      writeFileSync(config, `${v.props.join('\n')}\n`);
      const topic = `smoke-${v.name}-${Date.now()}`;
      const message = `hello over ${v.name} ${Math.random().toString(36).slice(2)}`;
      const bootstrap = v.bootstrap.join(',');
      await tool(
        classpath,
        'org.apache.kafka.tools.ConsoleProducer',
        ['--bootstrap-server', bootstrap, '--topic', topic, '--producer.config', config],
        `${message}\n`,
      );
      const out = await tool(classpath, 'org.apache.kafka.tools.consumer.ConsoleConsumer', [
        '--bootstrap-server',
        bootstrap,
        '--topic',
        topic,
        '--consumer.config',
        config,
        '--from-beginning',
        '--max-messages',
        '1',
        '--timeout-ms',
        '30000',
      ]);
      if (!out.includes(message))
        throw new Error(
          `${v.name}: consumed ${JSON.stringify(out)}, expected ${JSON.stringify(message)}`,
        );
      log(
        `kafka ${v.name}: produced and consumed 1 message (${((Date.now() - t0) / 1000).toFixed(1)}s)`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
