import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { restartKafka } from '../../../tooling/services/kafka.mjs';
import { consumeAll } from './kafka-consumer.js';
import {
  followRunArgs,
  countSeqs,
  eventually,
  LineWriter,
  resentPerKill,
  scratchDir,
  sleep,
  startCli,
  tally,
  waitCounted,
  type Running,
} from './follow-support.js';
import { suiteKafka } from './suite-services.js';

/*
 * The broker of tooling/services is stopped while `logflush run --follow` ships 100,000 lines
 * into flusher_kafka with a disk buffer; the CLI is killed with SIGKILL three times during the
 * outage and started again each time (its init does not wait for a broker); then the broker
 * returns with its data. An outage test (*.outage.test.ts): `pnpm test:all` runs it alone.
 */
const kafkaService = suiteKafka();

const total = 100_000;
const maxGroupLogs = 500;
// The writer below appends about 10,000 lines/s.
const inputWindow = resentPerKill(maxGroupLogs, 10_000);
// When the broker stops, the produce requests in flight (MaxOpenRequests 5 of BulkMaxSize 2,048)
// may have been written without their answer arriving: they are sent again.
const outputWindow = 5 * 2048;

/** The logs a run found in the buffer, left by the one before (recovered_events), as it logs it. */
function recoveredLogs(run: Running): number | undefined {
  const match =
    /flusher_kafka: delivering (\d+) logs left in the disk buffer by an earlier run/.exec(
      run.stderr(),
    );
  return match === null ? undefined : Number(match[1]);
}

describe('flusher_kafka with a disk buffer: the broker down, the CLI killed with SIGKILL three times during the outage', () => {
  it('delivers every line once the broker is back, with the duplicates within the windows', async () => {
    const kafka = kafkaService();
    const dir = scratchDir('logflush-kafka-outage-');
    const input = path.join(dir, 'app.log');
    const topic = `logflush-cli-outage-${Date.now()}`;
    const config = path.join(dir, 'pipeline.json');
    fs.writeFileSync(
      config,
      JSON.stringify({
        flushers: [
          {
            type: 'flusher_kafka',
            detail: {
              Brokers: kafka.brokers.plaintext,
              Topic: topic,
              RequiredACKs: -1,
              Backoff: { Init: '100ms', Max: '1s' },
              Buffer: { Type: 'disk', Path: path.join(dir, 'buffer') },
            },
          },
        ],
      }),
    );
    const args = [...followRunArgs(config, input, dir, maxGroupLogs), '--metrics', '127.0.0.1:0'];
    // About 10,000 lines/s: the 100,000 lines take about 10 s, most of them during the outage.
    const writer = new LineWriter(input, 100, 10);
    const written = () => writer.next >= total;
    writer.write(1000);
    writer.start();
    let running: Running = startCli(args);
    const runs: Running[] = [running];
    let kills = 0;
    try {
      // Some lines reach the topic before the broker goes away (the topic is created by them).
      await waitCounted(running, 'logflush_flusher_out_events_total');
      await restartKafka({
        whileDown: async () => {
          for (; kills < 3; kills++) {
            // Killed once this run has put logs in its disk buffer (its flushes resolved there).
            await waitCounted(running, 'logflush_pipeline_delivered_logs_total');
            await sleep(700 + Math.floor(Math.random() * 1300));
            running.child.kill('SIGKILL');
            expect((await running.exited).signal).toBe('SIGKILL');
            running = startCli(args);
            runs.push(running);
          }
          await eventually(written, 60_000);
          writer.stop();
          // The last run, started while the broker is away, takes the lines into its buffer.
          const last = running;
          await eventually(
            () => last.stderr().includes('logs wait in the disk buffer'),
            undefined,
            "the last run's warning that the logs wait in the disk buffer",
            () => last.stderr(),
          );
        },
      });
      // The broker is back: the last run delivers its buffer; SIGTERM then drains what is left.
      await sleep(3000);
      running.child.kill('SIGTERM');
      const exit = await running.exited;
      expect(exit.code, running.stderr()).toBe(0);

      const values = (await consumeAll(kafka, topic))
        .split('\n')
        .filter((line) => line.startsWith('{'));
      // Each restart found what the run before left in the buffer (recovered_events).
      const recovered = runs.slice(1).map(recoveredLogs);
      for (const logs of recovered) expect(logs).toBeGreaterThan(0);
      const { counts, other } = countSeqs(values);
      const { missing, duplicates } = tally(counts, writer.next);
      console.log(
        `broker down, kill -9 ×${kills} into a disk-buffered flusher_kafka: ${writer.next} lines written, ${duplicates} duplicates (bound ${3 * inputWindow + outputWindow}); recovered at each start: ${recovered.join(', ')}`,
      );
      expect(kills).toBe(3);
      expect(writer.next).toBeGreaterThanOrEqual(total);
      expect(other).toBe(0);
      expect(missing).toEqual([]);
      expect(duplicates).toBeLessThanOrEqual(3 * inputWindow + outputWindow);
    } finally {
      writer.stop();
      for (const run of runs) run.child.kill('SIGKILL');
    }
  }, 300_000);
});
