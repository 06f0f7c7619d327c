// Issue 12: `logflush run` → flusher_kafka over a generated 500,000-line text file (≈ 71 MB) with
// each client (Client kafkajs, Client platformatic), against `kcat -P -l` on the same file and
// topic layout (4 partitions, acks 1, no compression), and against each client alone sending the
// same pre-serialized messages at its best batching. Each variant runs alone in a child process;
// messages/s, MB/s (message values), peak RSS, medians of the runs, ratios. Targets: platformatic
// through the CLI ≥ 0.5× kcat; kafkajs through the CLI ≥ 0.9× kafkajs alone.
//
// The harness rows (interleaved rounds) compare flusher_kafka with Client platformatic, 1,000-log
// groups, against @platformatic/kafka alone on the same messages; the table above comes from the
// child runs, printed at teardown.
//
// Settings: LOGFLUSH_BENCH_KAFKA_CLI_LINES (default 500000), LOGFLUSH_BENCH_KAFKA_CLI_RUNS (default
// 3; 0 skips the table). Needs the built CLI and flusher-kafka (pnpm bench builds them), Java for
// the broker (tooling/services) and kcat: when it is missing the set-up runs
// `apt-get update && apt-get install -y kcat` where apt-get is available as root (Debian), and
// otherwise reports kcat's rows as skipped.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { measureNode } from '../measure-child.mjs';

const thisFile = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(thisFile), '../../../..');
const flusherDir = path.join(root, 'packages/flusher-kafka');
// The `logflush` bin, as an installed package runs it.
const cli = path.join(root, 'apps/logflush/dist/bin.js');
const lines = Number(process.env.LOGFLUSH_BENCH_KAFKA_CLI_LINES ?? 500_000);
const runs = Number(process.env.LOGFLUSH_BENCH_KAFKA_CLI_RUNS ?? 3);
const partitions = 4;
const acks = 1;
const requireFromFlusher = createRequire(path.join(flusherDir, 'package.json'));
const importFromRoot = (relative) => import(pathToFileURL(path.join(root, relative)).href);
const importPlatformatic = () =>
  import(pathToFileURL(requireFromFlusher.resolve('@platformatic/kafka')).href);

/** The flusher's options in the CLI runs (besides Brokers, Topic and Client). */
const flusherOptions = {
  PartitionerType: 'roundrobin',
  RequiredACKs: acks,
  Compression: 'none',
  BulkMaxSize: 8192,
  BulkFlushFrequency: '2ms',
};

// ---- input ----

/** About 142 bytes a line, like the 71 MB for 500,000 lines. */
function writeInput(file, count) {
  const fd = fs.openSync(file, 'w');
  for (let start = 0; start < count; start += 10_000) {
    let text = '';
    for (let i = start; i < Math.min(start + 10_000, count); i++) {
      text += `2026-11-26T04:00:00.${String(i % 1000).padStart(3, '0')}Z INFO GET /api/v1/items/${String(i).padStart(7, '0')}?fields=name,price 200 ${String(i % 997).padStart(3, '0')}ms "curl/8.5.0" req=${i}\n`;
    }
    fs.writeSync(fd, text);
  }
  fs.closeSync(fd);
}

// ---- child variants ----

/** The message values flusher_kafka makes from the file's lines (custom_single of each text log). */
async function serializedValues(file) {
  const { createConverter } = await import(
    pathToFileURL(path.join(root, 'packages/core/dist/index.js')).href
  );
  const converter = createConverter({ protocol: 'custom_single' });
  const tags = [
    { Key: '__hostname__', Value: os.hostname() },
    { Key: '__path__', Value: file },
  ];
  const text = fs.readFileSync(file, 'utf8');
  const all = text.split('\n').filter((line) => line !== '');
  const time = Math.floor(Date.now() / 1000);
  const values = [];
  for (let start = 0; start < all.length; start += 1024) {
    const group = {
      Logs: all
        .slice(start, start + 1024)
        .map((line) => ({ Time: time, Contents: [{ Key: 'content', Value: line }] })),
      Category: 'default',
      Topic: '',
      Source: '10.0.0.1',
      LogTags: tags,
    };
    for (const body of converter.convertGroup(group)) values.push(Buffer.from(body, 'utf8'));
  }
  return values;
}

/** Sends `values` with at most `inFlight` sends of `batch` messages in flight. */
async function pump(values, batch, inFlight, send) {
  let next = 0;
  const worker = async () => {
    while (next < values.length) {
      const slice = values.slice(next, next + batch);
      next += batch;
      await send(slice);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}

/** One client alone, in this (child) process: prints {seconds, bytes, messages} as JSON. */
async function childMain(client, brokers, topic, file, batch, inFlight) {
  const values = await serializedValues(file);
  const bytes = values.reduce((sum, value) => sum + value.length, 0);
  let send;
  let close;
  if (client === 'kafkajs') {
    const kafkajs = requireFromFlusher('kafkajs');
    const producer = new kafkajs.Kafka({
      clientId: 'bench-kafkajs',
      brokers,
      logLevel: kafkajs.logLevel.NOTHING,
    }).producer({ createPartitioner: kafkajs.Partitioners.DefaultPartitioner });
    await producer.connect();
    send = (slice) =>
      producer.sendBatch({
        topicMessages: [{ topic, messages: slice.map((value) => ({ key: null, value })) }],
        acks,
      });
    close = () => producer.disconnect();
  } else {
    const { Producer } = await importPlatformatic();
    const producer = new Producer({
      clientId: 'bench-platformatic',
      bootstrapBrokers: brokers,
      acks,
      compression: 'none',
      autocreateTopics: true,
    });
    let counter = 0;
    send = (slice) =>
      producer.send({
        messages: slice.map((value) => ({ topic, value, partition: counter++ % partitions })),
      });
    close = () => producer.close();
  }
  await send(values.slice(0, 100)); // connections and metadata
  const started = process.hrtime.bigint();
  await pump(values, batch, inFlight, send);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await close();
  process.stdout.write(`${JSON.stringify({ seconds, bytes, messages: values.length })}\n`);
}

// ---- the table ----

async function createTopic(brokers, topic) {
  const kafkajs = requireFromFlusher('kafkajs');
  const admin = new kafkajs.Kafka({ brokers, logLevel: kafkajs.logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [{ topic, numPartitions: partitions }],
      waitForLeaders: true,
    });
    // Leaders named are not yet leaders serving: ListOffsets answers once they do.
    for (let i = 0; i < 50; i++) {
      try {
        await admin.fetchTopicOffsets(topic);
        break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    await admin.disconnect();
  }
}

function kcatProblem() {
  const probe = () => spawnSync('kcat', ['-V'], { encoding: 'utf8' });
  if (!probe().error) return undefined;
  const canInstall =
    process.getuid?.() === 0 && spawnSync('apt-get', ['--version']).error === undefined;
  if (canInstall) {
    process.stderr.write('  kcat is missing: apt-get update && apt-get install -y kcat\n');
    spawnSync('apt-get', ['update'], { stdio: 'ignore' });
    spawnSync('apt-get', ['install', '-y', 'kcat'], { stdio: 'ignore' });
    if (!probe().error) return undefined;
  }
  return 'kcat is not installed (Debian: apt-get update && apt-get install -y kcat)';
}

function runKcat(brokers, topic, file) {
  const args = [
    '-P',
    '-b',
    brokers.join(','),
    '-t',
    topic,
    '-l',
    '-X',
    `request.required.acks=${acks}`,
    '-X',
    'compression.codec=none',
    file,
  ];
  const started = process.hrtime.bigint();
  const child = spawnSync('/usr/bin/time', ['-f', 'peak-rss-kb %M', 'kcat', ...args], {
    encoding: 'utf8',
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.status !== 0) throw new Error(`kcat failed: ${child.stderr}`);
  const rss = /peak-rss-kb (\d+)/.exec(child.stderr ?? '');
  return { seconds, maxRssMb: rss ? Number(rss[1]) / 1024 : NaN };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function table(brokers) {
  if (runs <= 0) return;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'logflush-kafka-cli-bench-'));
  const input = path.join(work, 'input.log');
  writeInput(input, lines);
  const inputBytes = fs.statSync(input).size;
  const valueBytes = (await serializedValues(input)).reduce((sum, v) => sum + v.length, 0);
  const stamp = Date.now().toString(36);
  let topicNumber = 0;
  const freshTopic = async (label) => {
    const topic = `bench-cli-${label}-${stamp}-${topicNumber++}`;
    await createTopic(brokers, topic);
    return topic;
  };
  const config = (client, topic) => {
    const file = path.join(work, `${client}-${topic}.json`);
    fs.writeFileSync(
      file,
      JSON.stringify({
        flushers: [
          {
            type: 'flusher_kafka',
            detail: { Brokers: brokers, Topic: topic, Client: client, ...flusherOptions },
          },
        ],
      }),
    );
    return file;
  };
  const alone = (client, batch, inFlight) => async () => {
    const topic = await freshTopic(`${client}-alone`);
    const child = spawnSync(
      process.execPath,
      [
        '--require',
        path.join(path.dirname(thisFile), '../report-rss.cjs'),
        thisFile,
        'child',
        client,
        brokers.join(','),
        topic,
        input,
        String(batch),
        String(inFlight),
      ],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
        env: { ...process.env, LOGFLUSH_BENCH_RSS_FILE: path.join(work, 'rss') },
      },
    );
    if (child.status !== 0) throw new Error(`${client} alone failed: ${child.stderr}`);
    const result = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}');
    return {
      seconds: result.seconds,
      maxRssMb: Number(fs.readFileSync(path.join(work, 'rss'), 'utf8')) / 1024,
    };
  };
  const viaCli = (client) => async () => {
    const topic = await freshTopic(`cli-${client}`);
    return measureNode([
      cli,
      'run',
      '--config',
      config(client, topic),
      '--input',
      input,
      '--quiet',
    ]);
  };
  const skipKcat = kcatProblem();
  // Each client alone: the best of a few batchings (one run each), then `runs` runs of it.
  const best = async (client) => {
    let found = { batch: 0, inFlight: 0, seconds: Infinity };
    for (const [batch, inFlight] of [
      [2048, 4],
      [10_000, 2],
      [10_000, 4],
    ]) {
      process.stderr.write(`  ${client} alone, batches of ${batch}, ${inFlight} in flight\n`);
      const { seconds } = await alone(client, batch, inFlight)();
      if (seconds < found.seconds) found = { batch, inFlight, seconds };
    }
    return found;
  };
  const bestKafkajs = await best('kafkajs');
  const bestPlatformatic = await best('platformatic');
  /** @type {Array<[string, string, (() => Promise<{ seconds: number, maxRssMb: number }>) | undefined]>} */
  const variants = [
    [
      'kcat',
      'kcat -P -l (librdkafka, Debian)',
      skipKcat ? undefined : async () => runKcat(brokers, await freshTopic('kcat'), input),
    ],
    [
      'kafkajs-alone',
      `kafkajs alone, pre-serialized (batches of ${bestKafkajs.batch}, ${bestKafkajs.inFlight} in flight)`,
      alone('kafkajs', bestKafkajs.batch, bestKafkajs.inFlight),
    ],
    [
      'platformatic-alone',
      `@platformatic/kafka alone, pre-serialized (batches of ${bestPlatformatic.batch}, ${bestPlatformatic.inFlight} in flight)`,
      alone('platformatic', bestPlatformatic.batch, bestPlatformatic.inFlight),
    ],
    ['cli-kafkajs', 'logflush run → flusher_kafka, Client kafkajs', viaCli('kafkajs')],
    [
      'cli-platformatic',
      'logflush run → flusher_kafka, Client platformatic',
      viaCli('platformatic'),
    ],
  ];
  /** @type {Record<string, Array<{ seconds: number, maxRssMb: number }>>} */
  const results = {};
  for (let run = 0; run < runs; run++) {
    for (const [id, , measure] of variants) {
      if (measure === undefined) continue;
      process.stderr.write(`  run ${run + 1}/${runs}: ${id}\n`);
      (results[id] ??= []).push(await measure());
    }
  }
  fs.rmSync(work, { recursive: true, force: true });
  const rate = (id) => (results[id] ? lines / median(results[id].map((r) => r.seconds)) : NaN);
  console.log(
    `\nflusher_kafka through the CLI: ${lines.toLocaleString('en-US')} lines (${(inputBytes / 1e6).toFixed(0)} MB text; ` +
      `${(valueBytes / 1e6).toFixed(0)} MB of message values, ${(valueBytes / lines).toFixed(0)} B each, as the flusher and the clients alone send them; kcat sends the lines), ` +
      `${partitions} partitions, acks ${acks}, no compression, each variant alone in a child process, medians of ${runs} runs; node ${process.version}\n`,
  );
  console.log('| producer | wall s | messages/s | MB/s | peak RSS MB | runs |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const [id, name] of variants) {
    if (!results[id]) {
      console.log(`| ${name} | skipped: ${skipKcat} | | | | |`);
      continue;
    }
    const seconds = median(results[id].map((r) => r.seconds));
    const bytes = id === 'kcat' ? inputBytes : valueBytes;
    console.log(
      `| ${name} | ${seconds.toFixed(2)} | ${Math.round(lines / seconds).toLocaleString('en-US')} | ${(bytes / seconds / 1e6).toFixed(1)} | ${median(results[id].map((r) => r.maxRssMb)).toFixed(0)} | ${results[id].length} |`,
    );
  }
  const ratio = (a, b) => rate(a) / rate(b);
  const verdict = (value, target) =>
    `${value.toFixed(2)}× (target ≥ ${target}×: ${value >= target ? 'met' : 'MISSED'})`;
  console.log('');
  console.log(
    `- Client platformatic through the CLI / kcat: ${verdict(ratio('cli-platformatic', 'kcat'), 0.5)}`,
  );
  console.log(
    `- Client kafkajs through the CLI / kafkajs alone: ${verdict(ratio('cli-kafkajs', 'kafkajs-alone'), 0.9)}`,
  );
  console.log(
    `- Client platformatic through the CLI / platformatic alone: ${ratio('cli-platformatic', 'platformatic-alone').toFixed(2)}×`,
  );
  console.log(
    `- kafkajs alone / kcat: ${ratio('kafkajs-alone', 'kcat').toFixed(2)}×; platformatic alone / kcat: ${ratio('platformatic-alone', 'kcat').toFixed(2)}×\n`,
  );
}

// ---- the harness case ----

export default {
  name: 'flusher_kafka Client platformatic, 1,000-log groups (acks 1, no compression)',
  unit: 'logs',
  async setup() {
    const { startKafkaDetailed } = await importFromRoot('tooling/services/kafka.mjs');
    const { info } = await startKafkaDetailed({ owner: 'test', lease: true });
    const brokers = info.brokers.plaintext;
    const { makeLogGroup } = await import('../data/loggroup.mjs');
    const { plugin } = await import(pathToFileURL(path.join(flusherDir, 'dist/index.js')).href);
    const { createConverter, createFlusherContext } = await import(
      pathToFileURL(path.join(root, 'packages/core/dist/index.js')).href
    );
    const group = makeLogGroup({ logs: 1000 });
    const values = createConverter({ protocol: 'custom_single' })
      .convertGroup(group)
      .map((body) => Buffer.from(body, 'utf8'));
    const stamp = Date.now().toString(36);
    const topics = { flusher: `bench-plt-flusher-${stamp}`, raw: `bench-plt-raw-${stamp}` };
    for (const topic of Object.values(topics)) await createTopic(brokers, topic);
    const flusher = plugin.create({
      Brokers: brokers,
      Topic: topics.flusher,
      Client: 'platformatic',
      ...flusherOptions,
      BulkFlushFrequency: 0,
    });
    const drop = () => {};
    await flusher.init(
      createFlusherContext({
        configName: 'bench',
        logger: { debug: drop, info: drop, warn: drop, error: drop },
      }),
    );
    const { Producer } = await importPlatformatic();
    const producer = new Producer({
      clientId: 'bench-raw',
      bootstrapBrokers: brokers,
      acks,
      autocreateTopics: true,
    });
    let counter = 0;
    const messages = () =>
      values.map((value) => ({ topic: topics.raw, value, partition: counter++ % partitions }));
    return { brokers, group, flusher, producer, messages };
  },
  async teardown(context) {
    try {
      if (context) {
        await context.flusher.stop();
        await context.producer.close();
        await table(context.brokers);
      }
    } finally {
      const { releaseKafka } = await importFromRoot('tooling/services/kafka.mjs');
      await releaseKafka();
    }
  },
  baseline: {
    name: '@platformatic/kafka producer, pre-serialized',
    async run({ producer, messages }) {
      const batch = messages();
      await producer.send({ messages: batch });
      return batch.length;
    },
  },
  candidate: {
    name: 'flusher_kafka, Client platformatic',
    async run({ flusher, group }) {
      await flusher.flush('bench', 'bench', 'bench', [group]);
      return group.Logs.length;
    },
  },
};

if (process.argv[1] === thisFile && process.argv[2] === 'child') {
  const [client, brokers, topic, file, batch, inFlight] = process.argv.slice(3);
  await childMain(client, brokers.split(','), topic, file, Number(batch), Number(inFlight));
}
