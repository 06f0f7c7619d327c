import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  kafkaClasspath,
  kafkaJvmArgs,
  releaseKafka,
  startKafka,
  TOOL_JVM,
} from '../../../tooling/services/kafka.mjs';
import type { KafkaInfo } from '../../../tooling/services/types.js';
import { cliPath } from './helpers.js';
import {
  cleanupDirs,
  countSeqs,
  LineWriter,
  scratchDir,
  sleep,
  startCli,
  tally,
} from './follow-support.js';

/*
 * The kill-and-restart test into flusher_kafka on the real broker of tooling/services (a lease,
 * as the vitest setups take: started if not running, stopped after the last test run that
 * started it), read back with Kafka's own console consumer.
 */
let kafka: KafkaInfo;

beforeAll(async () => {
  if (!fs.existsSync(cliPath))
    throw new Error(`${cliPath} is missing: run pnpm --filter @logflush/cli build`);
  kafka = await startKafka({ owner: 'test', lease: true });
}, 180_000);

afterAll(async () => {
  cleanupDirs();
  await releaseKafka();
});

/** Every message value of `topic` from the beginning, until none came for `idleMs`. */
async function consumeAll(topic: string, idleMs = 10_000): Promise<string> {
  const classpath = await kafkaClasspath();
  const args = [
    ...TOOL_JVM,
    ...kafkaJvmArgs('WARN'),
    '-cp',
    classpath,
    'org.apache.kafka.tools.consumer.ConsoleConsumer',
    '--bootstrap-server',
    kafka.brokers.plaintext.join(','),
    '--topic',
    topic,
    '--from-beginning',
    '--timeout-ms',
    String(idleMs),
  ];
  // It ends with a TimeoutException once no message came for idleMs: the exit code says nothing.
  return new Promise((resolve) => {
    execFile('java', args, { timeout: 120_000, maxBuffer: 256 * 1024 * 1024 }, (_error, stdout) =>
      resolve(stdout),
    );
  });
}

const maxGroupLogs = 100;
const window = (4 + 1) * maxGroupLogs + maxGroupLogs;

describe('logflush run --follow --checkpoint into flusher_kafka, killed with SIGKILL five times', () => {
  it('has every line in the topic at least once, with the duplicates within one window per kill', async () => {
    const dir = scratchDir('logflush-follow-kafka-');
    const input = path.join(dir, 'app.log');
    const topic = `logflush-cli-follow-${Date.now()}`;
    const config = path.join(dir, 'pipeline.json');
    fs.writeFileSync(
      config,
      JSON.stringify({
        flushers: [
          {
            type: 'flusher_kafka',
            detail: { Brokers: kafka.brokers.plaintext, Topic: topic, RequiredACKs: -1 },
          },
        ],
      }),
    );
    const args = [
      'run',
      '--config',
      config,
      '--input',
      input,
      '--follow',
      '--checkpoint',
      path.join(dir, 'checkpoint.json'),
      '--max-group-logs',
      String(maxGroupLogs),
      '--poll-interval',
      '50ms',
    ];
    const writer = new LineWriter(input, 10, 10); // about 1,000 lines/s
    writer.write(200);
    writer.start();
    try {
      for (let kill = 0; kill < 5; kill++) {
        const running = startCli(args);
        // kafkajs connects first: let each run get going before the kill.
        await sleep(1000 + Math.floor(Math.random() * 1500));
        running.child.kill('SIGKILL');
        expect((await running.exited).signal).toBe('SIGKILL');
      }
      const last = startCli(args);
      await sleep(1000);
      writer.stop();
      const total = writer.next;
      // Give the last run time to send the rest, then stop it: SIGTERM drains.
      await sleep(3000);
      last.child.kill('SIGTERM');
      const exit = await last.exited;
      expect(exit.code, last.stderr()).toBe(0);
      // The consumer's own output (its log lines, the TimeoutException that ends it) is not JSON.
      const values = (await consumeAll(topic)).split('\n').filter((line) => line.startsWith('{'));
      const { counts, other } = countSeqs(values);
      const { missing, duplicates } = tally(counts, total);
      console.log(
        `kill -9 ×5 into flusher_kafka: ${total} lines written, ${duplicates} duplicates (bound ${5 * window})`,
      );
      expect(other).toBe(0);
      expect(missing).toEqual([]);
      expect(duplicates).toBeLessThanOrEqual(5 * window);
    } finally {
      writer.stop();
    }
  }, 240_000);
});
