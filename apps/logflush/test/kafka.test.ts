import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';
import { consumeAll } from './kafka-consumer.js';
import {
  followRunArgs,
  countSeqs,
  eventually,
  LineWriter,
  metricValue,
  resentPerKill,
  scratchDir,
  sleep,
  startCli,
  tally,
  waitCounted,
  waitLimitMs,
  type Running,
} from './follow-support.js';
import { suiteKafka } from './suite-services.js';

/*
 * The kill-and-restart test into flusher_kafka on the real broker of tooling/services (a lease,
 * as the vitest setups take: started if not running, stopped after the last test run that
 * started it), read back with Kafka's own console consumer.
 */
const kafkaService = suiteKafka();

const maxGroupLogs = 100;
// The writer below appends about 1,000 lines/s.
const window = resentPerKill(maxGroupLogs, 1000);

describe('logflush run --follow --checkpoint into flusher_kafka, killed with SIGKILL five times', () => {
  it('has every line in the topic at least once, with the duplicates within one window per kill', async () => {
    const kafka = kafkaService();
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
    const args = [...followRunArgs(config, input, dir, maxGroupLogs), '--metrics', '127.0.0.1:0'];
    const writer = new LineWriter(input, 10, 10); // about 1,000 lines/s
    writer.write(200);
    writer.start();
    const runs: Running[] = [];
    try {
      for (let kill = 0; kill < 5; kill++) {
        const running = startCli(args);
        runs.push(running);
        // Killed while it ships (kafkajs connected, this run's first logs acknowledged), at a
        // random moment: a kill before that would test a restart, not a resume.
        await waitCounted(running, 'logflush_flusher_out_events_total');
        await sleep(Math.floor(Math.random() * 1000));
        running.child.kill('SIGKILL');
        expect((await running.exited).signal).toBe('SIGKILL');
      }
      const last = startCli(args);
      runs.push(last);
      const address = await waitCounted(last, 'logflush_flusher_out_events_total');
      writer.stop();
      const total = writer.next;
      // SIGTERM stops the reading and drains what was read: it comes once everything was read.
      await eventually(
        async () => (await metricValue(address, 'logflush_input_bytes_behind')) === 0,
        waitLimitMs,
        'the last run at the end of the input',
        () => last.stderr(),
      );
      last.child.kill('SIGTERM');
      const exit = await last.exited;
      expect(exit.code, last.stderr()).toBe(0);
      // The consumer's own output (its log lines, the TimeoutException that ends it) is not JSON.
      const values = (await consumeAll(kafka, topic))
        .split('\n')
        .filter((line) => line.startsWith('{'));
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
      for (const run of runs) run.child.kill('SIGKILL');
    }
  }, 240_000);
});

describe('logflush replay: a dead-letter file of flusher_kafka, sent again once the cause is fixed', () => {
  it('the rejected and the oversized log land in DeadLetter.Path; replay delivers them with their contents and time', async () => {
    const kafka = kafkaService();
    const dir = scratchDir('logflush-replay-kafka-');
    const topic = `logflush-cli-replay-${Date.now()}`;
    const deadLetter = path.join(dir, 'dead.jsonl');
    const input = path.join(dir, 'input.jsonl');
    const big = 'x'.repeat(5000);
    fs.writeFileSync(
      input,
      [
        { __time__: 1_700_000_000, to: topic, n: 'a' },
        { __time__: 1_700_000_001, __time_ns__: 250_000_000, to: 'bad topic!', n: 'b' },
        { __time__: 1_700_000_002, to: topic, n: 'c', big },
        { __time__: 1_700_000_003, to: topic, n: 'd' },
      ]
        .map((record) => JSON.stringify(record))
        .join('\n') + '\n',
    );
    const writeConfig = (name: string, detail: Record<string, unknown>) => {
      const file = path.join(dir, name);
      const flusher = {
        type: 'flusher_kafka',
        detail: { Brokers: kafka.brokers.plaintext, ...detail },
      };
      fs.writeFileSync(file, JSON.stringify({ flushers: [flusher] }));
      return file;
    };
    const broken = writeConfig('broken.json', {
      Topic: '%{content.to}',
      MaxMessageBytes: 3000,
      DeadLetter: { Path: deadLetter },
    });
    const first = runCli(['run', '--config', broken, '--input', input, '--input-format', 'jsonl']);
    expect(first.status).toBe(2);
    // The flusher's error, as the CLI prints it (JSON-escaped in its summary line).
    expect(first.stderr).toContain('dead-letter file');
    expect(first.stderr).toContain(deadLetter);
    const lines = fs
      .readFileSync(deadLetter, 'utf8')
      .trimEnd()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as { reason: string; destination: string; log: Record<string, unknown> },
      );
    expect(lines.map((line) => line.log.n).sort()).toEqual(['b', 'c']);
    expect(lines.find((line) => line.log.n === 'c')!.reason).toMatch(/over MaxMessageBytes 3000/);
    expect(lines.find((line) => line.log.n === 'b')!.destination).toBe('topic "bad topic!"');
    expect(lines.find((line) => line.log.n === 'b')!.log).toEqual({
      __time__: 1_700_000_001,
      __time_ns__: 250_000_000,
      to: 'bad topic!',
      n: 'b',
    });

    const fixed = writeConfig('fixed.json', { Topic: topic });
    const replay = runCli(['replay', '--config', fixed, '--input', deadLetter]);
    expect(replay.stderr).toBe('');
    expect(replay.status).toBe(0);

    const messages = (await consumeAll(kafka, topic))
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { time: number; contents: Record<string, string> });
    const byName = new Map(messages.map((message) => [message.contents.n, message]));
    expect([...byName.keys()].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(messages).toHaveLength(4);
    expect(byName.get('b')).toMatchObject({
      time: 1_700_000_001,
      contents: { to: 'bad topic!', n: 'b' },
    });
    expect(byName.get('c')).toMatchObject({ time: 1_700_000_002, contents: { n: 'c', big } });
  }, 180_000);
});
