// A single-node Apache Kafka 4 broker in KRaft combined mode (broker + controller in one JVM),
// run from Maven Central jars, with PLAINTEXT, SASL_PLAINTEXT and SSL listeners on 127.0.0.1.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  HOST,
  KAFKA_HEAP,
  KAFKA_PORTS,
  KAFKA_READY_TIMEOUT_MS,
  KAFKA_SASL_USERS,
} from './config.mjs';
import { resolveClasspath } from './lib/classpath.mjs';
import { fetchBrokers } from './lib/kafka-metadata.mjs';
import { makeTls, TLS_PASSWORD, tlsPaths } from './lib/kafka-tls.mjs';
import { SERVICES_SRC } from './lib/paths.mjs';
import { requireTool } from './lib/prereqs.mjs';
import { canConnect, tlsHandshakes } from './lib/probe.mjs';
import { run } from './lib/run.mjs';
import {
  readInfo,
  releaseService,
  restartService,
  serviceStatus,
  startService,
  stopService,
} from './lib/service.mjs';

const POM = join(SERVICES_SRC, 'kafka', 'pom.xml');
const LOG4J2 = join(SERVICES_SRC, 'kafka', 'log4j2.properties');
const NODE_ID = 1;
const KAFKA_VERSION = /<kafka\.version>([^<]+)</.exec(readFileSync(POM, 'utf8'))[1];

// For short-lived JVMs (format, CLI tools): start fast rather than run fast.
export const TOOL_JVM = ['-Xmx256m', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

const addr = (port) => `${HOST}:${port}`;

/** A Kafka Uuid as its tools print it: 16 random bytes, URL-safe base64 without padding. */
function newClusterId() {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** The Kafka classpath (resolved through Maven on first use, then cached). */
export function kafkaClasspath() {
  return resolveClasspath('kafka', POM);
}

/** JVM options shared by the broker and the Kafka CLI classes. */
export function kafkaJvmArgs(logLevel = 'INFO') {
  return [
    `-Dlog4j2.configurationFile=${LOG4J2}`,
    `-Dlogflush.logLevel=${logLevel}`,
    '-Djava.awt.headless=true',
  ];
}

function jaas(module, options = {}) {
  const opts = Object.entries(options)
    .map(([k, v]) => ` ${k}="${v}"`)
    .join('');
  return `${module} required${opts};`;
}

function serverProperties(dataDir, tls) {
  const p = KAFKA_PORTS;
  const { plain } = KAFKA_SASL_USERS;
  const listeners = `PLAINTEXT://${addr(p.plaintext)},SASL_PLAINTEXT://${addr(p.sasl)},SSL://${addr(p.ssl)},CONTROLLER://${addr(p.controller)}`;
  const props = {
    'process.roles': 'broker,controller',
    'node.id': NODE_ID,
    'controller.quorum.bootstrap.servers': addr(p.controller),
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    listeners,
    'advertised.listeners': listeners,
    'listener.security.protocol.map':
      'PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL,CONTROLLER:PLAINTEXT',
    'log.dirs': dataDir,

    'num.partitions': 3, // tests check hash partitioning across partitions
    'default.replication.factor': 1,
    'auto.create.topics.enable': true,
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 5,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 5,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    'group.initial.rebalance.delay.ms': 0,
    'num.network.threads': 2,
    'num.io.threads': 4,
    'log.retention.hours': 1,

    'sasl.enabled.mechanisms': 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
    'listener.name.sasl_plaintext.plain.sasl.jaas.config': jaas(
      'org.apache.kafka.common.security.plain.PlainLoginModule',
      { [`user_${plain.username}`]: plain.password },
    ),
    'listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config': jaas(
      'org.apache.kafka.common.security.scram.ScramLoginModule',
    ),
    'listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config': jaas(
      'org.apache.kafka.common.security.scram.ScramLoginModule',
    ),

    'ssl.keystore.type': 'PKCS12',
    'ssl.keystore.location': tls.brokerStore,
    'ssl.keystore.password': TLS_PASSWORD,
    'ssl.key.password': TLS_PASSWORD,
    'ssl.truststore.type': 'PEM',
    'ssl.truststore.location': tls.caPem,
    // A client may present a certificate signed by the test CA (mTLS); none is required.
    'ssl.client.auth': 'requested',
  };
  return (
    Object.entries(props)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n'
  );
}

function scramArgs() {
  const { scramSha256: s256, scramSha512: s512 } = KAFKA_SASL_USERS;
  return [
    '--add-scram',
    `SCRAM-SHA-256=[name=${s256.username},password=${s256.password}]`,
    '--add-scram',
    `SCRAM-SHA-512=[name=${s512.username},password=${s512.password}]`,
  ];
}

function buildInfo(dirs, clusterId, tls) {
  return {
    version: KAFKA_VERSION,
    clusterId,
    brokers: {
      plaintext: [addr(KAFKA_PORTS.plaintext)],
      sasl: [addr(KAFKA_PORTS.sasl)],
      ssl: [addr(KAFKA_PORTS.ssl)],
    },
    sasl: {
      plain: { ...KAFKA_SASL_USERS.plain },
      scramSha256: { ...KAFKA_SASL_USERS.scramSha256 },
      scramSha512: { ...KAFKA_SASL_USERS.scramSha512 },
    },
    ssl: {
      caFile: tls.caPem,
      ca: tls.caPemText,
      clientCertFile: tls.clientCertPem,
      clientKeyFile: tls.clientKeyPem, // undefined when openssl is not installed
      clientPfxFile: tls.clientStore,
      passphrase: TLS_PASSWORD,
    },
    numPartitions: 3,
    logFile: dirs.logFile,
  };
}

const definition = {
  name: 'kafka',
  ports: Object.values(KAFKA_PORTS),
  readyTimeoutMs: KAFKA_READY_TIMEOUT_MS,

  async prepare(dirs) {
    requireTool('java');
    const classpath = await kafkaClasspath();
    const dataDir = join(dirs.run, 'data');
    const propsFile = join(dirs.run, 'server.properties');
    const clusterId = newClusterId();

    const tlsDir = join(dirs.run, 'tls');
    writeFileSync(propsFile, serverProperties(dataDir, tlsPaths(tlsDir)));
    const [tls] = await Promise.all([
      makeTls(tlsDir),
      // A fresh cluster on every start: format the empty log dir, with the SCRAM users in its bootstrap metadata.
      run(
        'java',
        [
          ...TOOL_JVM,
          ...kafkaJvmArgs('WARN'),
          '-cp',
          classpath,
          'kafka.tools.StorageTool',
          'format',
          '--standalone',
          '--cluster-id',
          clusterId,
          '--config',
          propsFile,
          ...scramArgs(),
        ],
        { timeoutMs: 120_000 },
      ),
    ]);

    return {
      cmd: 'java',
      args: [
        '-Xms128m',
        KAFKA_HEAP,
        '-XX:+UseG1GC',
        '-XX:MaxGCPauseMillis=20',
        ...kafkaJvmArgs(),
        '-cp',
        classpath,
        'kafka.Kafka',
        propsFile,
      ],
      info: buildInfo(dirs, clusterId, tls),
    };
  },

  async probe(info) {
    const [brokers, sasl, ssl] = await Promise.all([
      fetchBrokers(HOST, KAFKA_PORTS.plaintext).catch(() => []),
      canConnect(HOST, KAFKA_PORTS.sasl),
      tlsHandshakes(HOST, KAFKA_PORTS.ssl, info.ssl.ca),
    ]);
    return brokers.some((b) => b.nodeId === NODE_ID) && sasl && ssl;
  },
};

/** Environment variables a test process reads (LOGFLUSH_KAFKA_INFO holds the whole info object). */
export function kafkaEnv(info) {
  return {
    LOGFLUSH_KAFKA_BROKERS: info.brokers.plaintext.join(','),
    LOGFLUSH_KAFKA_SASL_BROKERS: info.brokers.sasl.join(','),
    LOGFLUSH_KAFKA_SSL_BROKERS: info.brokers.ssl.join(','),
    LOGFLUSH_KAFKA_CA_FILE: info.ssl.caFile,
    LOGFLUSH_KAFKA_INFO: JSON.stringify(info),
  };
}

/** Start the broker unless it already runs and answers; resolves to the connection info. */
export async function startKafka(options) {
  return (await startKafkaDetailed(options)).info;
}

/** Like startKafka, and also tells whether this call started it: { info, started }. */
export function startKafkaDetailed({ owner = 'cli', lease = false } = {}) {
  return startService(definition, { owner, lease });
}

/** Stop the broker (whoever started it); safe when it is not running. */
export function stopKafka() {
  return stopService(definition);
}

/**
 * Stop the running broker cleanly and start it again on the same data: the same cluster id,
 * topics, committed offsets, SCRAM users and certificates, and every message it acknowledged.
 * `whileDown` runs once the broker has exited (after `downMs`); resolves to the (unchanged)
 * connection info once the broker answers on every listener again. Fails when it is not running.
 */
export function restartKafka(options) {
  return restartService(definition, options);
}

/** For test teardown: stop it only if a test run started it and no other test run still uses it. */
export function releaseKafka() {
  return releaseService(definition);
}

/** Connection info of the running broker, or undefined. */
export function kafkaInfo() {
  return readInfo(definition);
}

export function kafkaStatus() {
  return serviceStatus(definition);
}

// Test read-back helpers. They take a kafkajs `Kafka` instance (`new kafkajs.Kafka({ brokers, ... })`)
// made by the caller, so this package needs no Kafka client of its own.

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const isNotRetriable = (error) => error?.retriable === false;

/** High watermarks; a topic that was just (auto-)created may need a moment to get its leaders. */
async function fetchTopicOffsets(admin, topic) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (error) {
      if (attempt >= 50 || isNotRetriable(error)) throw error;
      await sleep(100);
    }
  }
}

/**
 * Creates `topic` with `partitions` partitions (default 3) and waits (bounded, 10 s) until each
 * partition's leader serves it. The broker may briefly answer metadata requests for a new topic with
 * UNKNOWN_TOPIC_OR_PARTITION (kafkajs' own waitForLeaders gives up on that), and the controller
 * names leaders before each leader's broker serves the partition: a produce in between fails for
 * that partition, and the retried request duplicates the others. ListOffsets is answered only by a
 * leader that serves the partition, so the topic is ready once it is.
 */
export async function createTopic(kafka, topic, { partitions = 3 } = {}) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [{ topic, numPartitions: partitions }],
      waitForLeaders: false,
    });
    for (let attempt = 1; ; attempt++) {
      try {
        const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
        const found = topics[0]?.partitions ?? [];
        if (found.length === partitions && found.every((partition) => partition.leader >= 0)) break;
      } catch (error) {
        if (attempt >= 100 || isNotRetriable(error)) throw error;
      }
      if (attempt >= 100) throw new Error(`topic ${topic}: partitions have no leader after 10 s`);
      await sleep(100);
    }
    await fetchTopicOffsets(admin, topic);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Every message in `topic` now, read by a real consumer (a new group) from the beginning of each
 * partition up to the high watermark it had when the call began, in partition then offset order.
 * Each message: { partition, offset, key (UTF-8 or null), value (Buffer), headers, batch (the first
 * offset of its record batch) }. Rejects after `timeoutMs` (default 60 s) if not all arrived.
 */
export async function readTopic(kafka, topic, { timeoutMs = 60_000 } = {}) {
  const admin = kafka.admin();
  await admin.connect();
  let ends;
  try {
    const offsets = await fetchTopicOffsets(admin, topic);
    ends = new Map(offsets.map((entry) => [entry.partition, BigInt(entry.high)]));
  } finally {
    await admin.disconnect();
  }
  const remaining = new Set(
    [...ends].filter(([, high]) => high > 0n).map(([partition]) => partition),
  );
  const messages = [];
  if (remaining.size === 0) return messages;

  const consumer = kafka.consumer({
    groupId: `reader-${topic}-${Date.now()}`,
    maxWaitTimeInMs: 100,
  });
  await consumer.connect();
  let timer;
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise((resolve, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `topic ${topic}: ${messages.length} messages read, partitions ${[...remaining]} not to the end after ${timeoutMs} ms`,
            ),
          ),
        timeoutMs,
      );
      consumer
        .run({
          eachBatch: async ({ batch }) => {
            for (const message of batch.messages) {
              messages.push({
                partition: batch.partition,
                offset: message.offset,
                key: message.key == null ? null : message.key.toString('utf8'),
                value: message.value ?? Buffer.alloc(0),
                headers: message.headers ?? {},
                batch: message.batchContext?.firstOffset ?? '',
              });
            }
            const last = batch.messages.at(-1);
            const end = ends.get(batch.partition) ?? 0n;
            if (last !== undefined && BigInt(last.offset) + 1n >= end)
              remaining.delete(batch.partition);
            if (remaining.size === 0) resolve(undefined);
          },
        })
        .catch(reject);
    });
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
  return messages.sort(
    (a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)),
  );
}
