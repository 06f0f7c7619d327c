// flusher_kafka with `Buffer: {"Type": "disk"}` against the same flusher with the memory buffer
// (the default), same broker, same messages, interleaved rounds (target ≥ 0.7×). One round
// operation is delivery end to end, so that the disk variant is not credited for logs still on
// disk: 4 flushes of 1,000-log groups at once (the pipeline's flush window), then, for the disk
// variant, the wait until the buffer's backlog is 0 (every log acknowledged by the broker).
// After the rounds it prints the bytes the disk buffer writes per log: 10 groups flushed into a
// buffer whose broker does not answer (so nothing is delivered and deleted), segment files
// measured.
//
// flusher_kafka comes from packages/flusher-kafka's built dist: pnpm --filter
// @logflush/flusher-kafka build (pnpm bench builds it). The broker is tooling/services' (started
// through it when not running).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { makeLogGroup } from '../data/loggroup.mjs';

const thisFile = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(thisFile), '../../../..');
const flusherDist = path.join(root, 'packages/flusher-kafka/dist/index.js');
const importFromRoot = (relative) => import(pathToFileURL(path.join(root, relative)).href);

const logsPerGroup = 1000;
const flushesAtOnce = 4;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function quietContext() {
  const { createFlusherContext } = await import('@logflush/core');
  const drop = () => {};
  return createFlusherContext({
    configName: 'bench',
    logger: { debug: drop, info: drop, warn: drop, error: drop },
  });
}

async function startFlusher(plugin, detail) {
  const flusher = plugin.create(detail);
  const context = await quietContext();
  await flusher.init(context);
  return { flusher, context };
}

async function createTopics(brokers, topics) {
  const { createTopic } = await importFromRoot('tooling/services/kafka.mjs');
  const { createRequire } = await import('node:module');
  const kafkajs = createRequire(path.join(root, 'packages/flusher-kafka/package.json'))('kafkajs');
  const kafka = new kafkajs.Kafka({ brokers, logLevel: kafkajs.logLevel.NOTHING });
  for (const topic of topics) await createTopic(kafka, topic, { partitions: 3 });
}

/** Bytes of the .seg files under `dir` now. */
function segmentBytes(dir) {
  let bytes = 0;
  for (const name of fs.readdirSync(dir))
    if (name.endsWith('.seg')) bytes += fs.statSync(path.join(dir, name)).size;
  return bytes;
}

/** Bytes in segment files per log, for 10 of the bench's groups that stay in the buffer. */
async function bytesPerLog(plugin, group) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logflush-bench-disk-bytes-'));
  try {
    // Port 9 (discard) on loopback: nothing listens, so every log stays on disk.
    const { flusher } = await startFlusher(plugin, {
      Brokers: ['127.0.0.1:9'],
      Topic: 'not-delivered',
      Buffer: { Type: 'disk', Path: dir },
    });
    for (let i = 0; i < 10; i++) await flusher.flush('bench', 'bench', 'bench', [group]);
    const bytes = segmentBytes(dir);
    const logs = 10 * group.Logs.length;
    await flusher.stop();
    return `disk buffer: ${(bytes / logs).toFixed(1)} bytes written to segment files per log (${logs.toLocaleString('en-US')} logs in 1,000-log groups: the group's protobuf, its logstore and a 20-byte frame per group)`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function flushAll({ flusher }, group) {
  await Promise.all(
    Array.from({ length: flushesAtOnce }, () => flusher.flush('bench', 'bench', 'bench', [group])),
  );
  return flushesAtOnce * group.Logs.length;
}

export default {
  name: `flusher_kafka disk buffer vs memory buffer, ${flushesAtOnce} × 1,000-log flushes delivered (acks 1)`,
  unit: 'logs',
  target: 0.7,
  async setup() {
    if (!fs.existsSync(flusherDist))
      throw new Error(`${flusherDist} is missing: pnpm --filter @logflush/flusher-kafka build`);
    const { plugin } = await import(pathToFileURL(flusherDist).href);
    const { startKafkaDetailed } = await importFromRoot('tooling/services/kafka.mjs');
    const { info } = await startKafkaDetailed({ owner: 'test', lease: true });
    const brokers = info.brokers.plaintext;
    const stamp = Date.now().toString(36);
    const topics = { memory: `bench-memory-${stamp}`, disk: `bench-disk-${stamp}` };
    await createTopics(brokers, Object.values(topics));
    const bufferDir = fs.mkdtempSync(path.join(os.tmpdir(), 'logflush-bench-disk-buffer-'));
    const common = { Brokers: brokers, PartitionerType: 'roundrobin', RequiredACKs: 1 };
    const memory = await startFlusher(plugin, { ...common, Topic: topics.memory });
    const disk = await startFlusher(plugin, {
      ...common,
      Topic: topics.disk,
      Buffer: { Type: 'disk', Path: bufferDir },
    });
    const group = makeLogGroup({ logs: logsPerGroup });
    return { plugin, memory, disk, group, bufferDir };
  },
  async teardown(context) {
    try {
      if (context) {
        await context.memory.flusher.stop();
        await context.disk.flusher.stop();
        console.log(await bytesPerLog(context.plugin, context.group));
        fs.rmSync(context.bufferDir, { recursive: true, force: true });
      }
    } finally {
      const { releaseKafka } = await importFromRoot('tooling/services/kafka.mjs');
      await releaseKafka();
    }
  },
  baseline: {
    name: 'Buffer memory (flush resolves on the ack)',
    run: ({ memory, group }) => flushAll(memory, group),
  },
  candidate: {
    name: 'Buffer disk (fsynced, then sent; waits for backlog 0)',
    async run({ disk, group }) {
      const logs = await flushAll(disk, group);
      while ((disk.flusher.backlog()?.logs ?? 0) > 0) await sleep(1);
      return logs;
    },
  },
};
