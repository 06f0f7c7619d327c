// flusher_kafka end to end (LogGroups in, acknowledged messages out) against a raw kafkajs
// producer sending the same pre-serialized messages with the same batching and compression, on
// the local test broker (started through tooling/services when it is not running).
//
// Rows: the harness's interleaved rounds give the ratio (target ≥ 0.9×). After them, each
// variant also runs alone in a child process on the same workload, with @platformatic/kafka 1.x
// and kcat as references, for logs/s, MB/s and peak RSS (median of the runs).
//
// Settings from the environment: LOGFLUSH_BENCH_KAFKA_COMPRESSION (none, gzip, snappy, lz4,
// zstd; default none), LOGFLUSH_BENCH_KAFKA_LOGS (logs per reference run; default 200000),
// LOGFLUSH_BENCH_KAFKA_RUNS (reference runs per variant; default 3, 0 skips them).
//
// flusher_kafka and kafkajs come from packages/flusher-kafka (its built dist and its kafkajs), so
// build it first: pnpm --filter @logflush/flusher-kafka build. @platformatic/kafka is this
// package's own dependency.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { makeLogGroup } from '../data/loggroup.mjs';

const thisFile = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(thisFile), '../../../..');
const flusherDir = path.join(root, 'packages/flusher-kafka');
const flusherDist = path.join(flusherDir, 'dist/index.js');

const compression = process.env.LOGFLUSH_BENCH_KAFKA_COMPRESSION ?? 'none';
const referenceLogs = Number(process.env.LOGFLUSH_BENCH_KAFKA_LOGS ?? 200_000);
const referenceRuns = Number(process.env.LOGFLUSH_BENCH_KAFKA_RUNS ?? 3);
const logsPerGroup = 1000;
const acks = 1;
const bulkMaxSize = 2048;

const requireFromFlusher = createRequire(path.join(flusherDir, 'package.json'));
const loadKafkajs = () => requireFromFlusher('kafkajs');
const benchDir = path.resolve(path.dirname(thisFile), '../..');
const importFromBench = (relative) =>
  import(pathToFileURL(path.join(benchDir, 'node_modules', relative)).href);
const importFromRoot = (relative) => import(pathToFileURL(path.join(root, relative)).href);

async function loadPlugin() {
  if (!fs.existsSync(flusherDist)) {
    throw new Error(
      `${flusherDist} is missing: build it first (pnpm --filter @logflush/flusher-kafka build)`,
    );
  }
  return (await import(pathToFileURL(flusherDist).href)).plugin;
}

/** The messages flusher_kafka makes from the group: the core converter's custom_single output. */
async function preSerialized(group) {
  const { createConverter } = await import('@logflush/core');
  return createConverter({ protocol: 'custom_single' })
    .convertGroup(group)
    .map((body) => Buffer.from(body, 'utf8'));
}

const quietContext = async () => {
  const { createFlusherContext } = await import('@logflush/core');
  const drop = () => {};
  return createFlusherContext({
    configName: 'bench',
    logger: { debug: drop, info: drop, warn: drop, error: drop },
  });
};

function flusherDetail(brokers, topic) {
  return {
    Brokers: brokers,
    Topic: topic,
    // kafkajs's default partitioner, as the raw producer uses.
    PartitionerType: 'roundrobin',
    Compression: compression,
    RequiredACKs: acks,
    BulkMaxSize: bulkMaxSize,
  };
}

async function createTopics(brokers, topics) {
  const kafkajs = loadKafkajs();
  const admin = new kafkajs.Kafka({ brokers, logLevel: kafkajs.logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: topics.map((topic) => ({ topic, numPartitions: 3 })),
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}

async function rawProducer(brokers) {
  const kafkajs = loadKafkajs();
  const producer = new kafkajs.Kafka({
    clientId: 'bench-raw',
    brokers,
    logLevel: kafkajs.logLevel.NOTHING,
  }).producer({ createPartitioner: kafkajs.Partitioners.DefaultPartitioner });
  await producer.connect();
  const codecs = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 };
  return {
    producer,
    // The flusher registered the codecs in kafkajs's table when it was initialized.
    send: (topic, values) =>
      producer.sendBatch({
        topicMessages: [{ topic, messages: values.map((value) => ({ key: null, value })) }],
        acks,
        compression: codecs[compression],
      }),
  };
}

// ---- reference runs, each variant alone in a child process ----

/** Runs one variant in this process (as a child) and prints its figures as JSON. */
async function childMain(variant, brokers, topic, logs) {
  const group = makeLogGroup({ logs: logsPerGroup });
  const values = await preSerialized(group);
  const bytesPerGroup = values.reduce((sum, value) => sum + value.length, 0);
  const groups = Math.ceil(logs / logsPerGroup);
  let sendGroup;
  let close;
  if (variant === 'flusher') {
    const plugin = await loadPlugin();
    const flusher = plugin.create(flusherDetail(brokers, topic));
    await flusher.init(await quietContext());
    sendGroup = () => flusher.flush('bench', 'bench', 'bench', [group]);
    close = () => flusher.stop();
  } else if (variant === 'kafkajs') {
    const plugin = await loadPlugin(); // registers the same codecs in kafkajs
    const codecUser = plugin.create(flusherDetail(brokers, topic));
    await codecUser.init(await quietContext());
    await codecUser.stop();
    const raw = await rawProducer(brokers);
    sendGroup = () => raw.send(topic, values);
    close = () => raw.producer.disconnect();
  } else if (variant === 'kafkajs-convert') {
    const plugin = await loadPlugin(); // registers the same codecs in kafkajs
    const codecUser = plugin.create(flusherDetail(brokers, topic));
    await codecUser.init(await quietContext());
    await codecUser.stop();
    const { createConverter } = await import('@logflush/core');
    const converter = createConverter({ protocol: 'custom_single' });
    const raw = await rawProducer(brokers);
    sendGroup = () =>
      raw.send(
        topic,
        converter.convertGroup(group).map((body) => Buffer.from(body, 'utf8')),
      );
    close = () => raw.producer.disconnect();
  } else if (variant === 'platformatic') {
    const { Producer } = await importFromBench('@platformatic/kafka/dist/index.js');
    const producer = new Producer({
      clientId: 'bench-platformatic',
      bootstrapBrokers: brokers,
      acks,
      compression,
      autocreateTopics: true,
    });
    const messages = values.map((value) => ({ topic, value }));
    sendGroup = () => producer.send({ messages });
    close = () => producer.close();
  } else {
    throw new Error(`unknown variant ${variant}`);
  }
  for (let i = 0; i < 10; i++) await sendGroup(); // warm-up: connections, metadata, JIT
  const start = process.hrtime.bigint();
  for (let i = 0; i < groups; i++) await sendGroup();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await close();
  const result = {
    logs: groups * logsPerGroup,
    bytes: groups * bytesPerGroup,
    seconds,
    peakRssKb: process.resourceUsage().maxRSS,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function runNodeChild(variant, brokers, topic) {
  const child = spawnSync(
    process.execPath,
    [thisFile, 'child', variant, brokers.join(','), topic, String(referenceLogs)],
    { encoding: 'utf8', cwd: path.dirname(thisFile), maxBuffer: 1 << 20 },
  );
  if (child.status !== 0) throw new Error(`${variant} run failed:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '');
}

/** kcat -P from a file of newline-separated messages, under GNU time for the peak RSS. */
function runKcat(brokers, topic, file, logs, bytes) {
  const args = [
    '-P',
    '-b',
    brokers.join(','),
    '-t',
    topic,
    '-l',
    '-X',
    `compression.codec=${compression}`,
    '-X',
    `request.required.acks=${acks}`,
    '-X',
    `batch.num.messages=${bulkMaxSize}`,
    '-X',
    'linger.ms=0',
    file,
  ];
  const timed = fs.existsSync('/usr/bin/time');
  const start = process.hrtime.bigint();
  const child = timed
    ? spawnSync('/usr/bin/time', ['-f', 'peak-rss-kb %M', 'kcat', ...args], { encoding: 'utf8' })
    : spawnSync('kcat', args, { encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (child.status !== 0) throw new Error(`kcat failed:\n${child.stderr}`);
  const rss = /peak-rss-kb (\d+)/.exec(child.stderr ?? '');
  return { logs, bytes, seconds, peakRssKb: rss ? Number(rss[1]) : NaN };
}

function kcatProblem() {
  const probe = spawnSync('kcat', ['-V'], { encoding: 'utf8' });
  if (probe.error) return 'kcat is not installed (Debian: apt-get install kcat)';
  return undefined;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function referenceTable(brokers) {
  if (referenceRuns <= 0) return;
  const group = makeLogGroup({ logs: logsPerGroup });
  const values = await preSerialized(group);
  const stamp = Date.now().toString(36);
  const variants = [
    ['flusher', '@logflush/flusher-kafka (flusher_kafka)'],
    ['kafkajs', 'kafkajs 2.2.4 producer, pre-serialized'],
    ['kafkajs-convert', 'kafkajs 2.2.4 producer + core converter on each send'],
    ['platformatic', '@platformatic/kafka 1.x producer, pre-serialized'],
    ['kcat', 'kcat (librdkafka) -P from a file'],
  ];
  const topics = Object.fromEntries(variants.map(([id]) => [id, `bench-ref-${id}-${stamp}`]));
  await createTopics(brokers, Object.values(topics));

  const skipKcat = kcatProblem();
  let kcatFile;
  if (!skipKcat) {
    kcatFile = path.join(os.tmpdir(), `logflush-bench-kcat-${process.pid}.txt`);
    const lines = `${values.map((value) => value.toString('utf8')).join('\n')}\n`;
    fs.writeFileSync(kcatFile, lines.repeat(Math.ceil(referenceLogs / logsPerGroup)));
  }
  const bytesPerGroup = values.reduce((sum, value) => sum + value.length, 0);
  const rows = [];
  try {
    for (const [id, name] of variants) {
      if (id === 'kcat' && skipKcat) {
        rows.push(`| ${name} | skipped: ${skipKcat} | | | |`);
        continue;
      }
      const runs = [];
      for (let run = 0; run < referenceRuns; run++) {
        process.stderr.write(`  reference run ${run + 1}/${referenceRuns}: ${id}\n`);
        const groups = Math.ceil(referenceLogs / logsPerGroup);
        runs.push(
          id === 'kcat'
            ? runKcat(brokers, topics[id], kcatFile, groups * logsPerGroup, groups * bytesPerGroup)
            : runNodeChild(id, brokers, topics[id]),
        );
      }
      const logsPerSecond = median(runs.map((r) => r.logs / r.seconds));
      const mbPerSecond = median(runs.map((r) => r.bytes / r.seconds / 1e6));
      const peakRssMb = median(runs.map((r) => r.peakRssKb / 1024));
      rows.push(
        `| ${name} | ${Math.round(logsPerSecond).toLocaleString('en-US')} | ${mbPerSecond.toFixed(1)} | ${peakRssMb.toFixed(0)} | ${runs.length} |`,
      );
    }
  } finally {
    if (kcatFile) fs.rmSync(kcatFile, { force: true });
  }
  console.log(
    `flusher_kafka references: ${referenceLogs.toLocaleString('en-US')} logs of ${logsPerGroup}-log groups ` +
      `(${(bytesPerGroup / logsPerGroup).toFixed(0)} B/message), compression ${compression}, acks ${acks}, ` +
      `each variant alone in a child process, one request in flight (kcat: librdkafka's own pipelining); medians\n`,
  );
  console.log('| variant | logs/s | MB/s | peak RSS MB | runs |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const row of rows) console.log(row);
  console.log('');
}

// ---- the harness case ----

export default {
  name: `flusher_kafka end to end, 1,000-log groups (compression ${compression}, acks ${acks})`,
  unit: 'logs',
  target: 0.9,
  async setup() {
    const { startKafkaDetailed } = await importFromRoot('tooling/services/kafka.mjs');
    const { info } = await startKafkaDetailed({ owner: 'test', lease: true });
    const brokers = info.brokers.plaintext;
    const plugin = await loadPlugin();
    const group = makeLogGroup({ logs: logsPerGroup });
    const values = await preSerialized(group);
    const stamp = Date.now().toString(36);
    const topics = { flusher: `bench-flusher-${stamp}`, raw: `bench-raw-${stamp}` };
    await createTopics(brokers, Object.values(topics));
    const flusher = plugin.create(flusherDetail(brokers, topics.flusher));
    await flusher.init(await quietContext());
    const raw = await rawProducer(brokers);
    return { brokers, group, values, topics, flusher, raw };
  },
  async teardown(context) {
    try {
      if (context) {
        await context.flusher.stop();
        await context.raw.producer.disconnect();
        await referenceTable(context.brokers);
      }
    } finally {
      const { releaseKafka } = await importFromRoot('tooling/services/kafka.mjs');
      await releaseKafka();
    }
  },
  baseline: {
    name: 'kafkajs producer, pre-serialized',
    async run({ raw, topics, values }) {
      await raw.send(topics.raw, values);
      return values.length;
    },
  },
  candidate: {
    name: '@logflush/flusher-kafka',
    async run({ flusher, group }) {
      await flusher.flush('bench', 'bench', 'bench', [group]);
      return group.Logs.length;
    },
  },
};

if (process.argv[1] === thisFile && process.argv[2] === 'child') {
  const [variant, brokers, topic, logs] = process.argv.slice(3);
  await childMain(variant, brokers.split(','), topic, Number(logs));
}
