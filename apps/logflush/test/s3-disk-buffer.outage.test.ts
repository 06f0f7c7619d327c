import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { restartS3, s3FlusherDetail, storedLines } from '../../../tooling/services/s3.mjs';
import {
  followRunArgs,
  checkpointLag,
  killWindow,
  countSeqs,
  eventually,
  LineWriter,
  scratchDir,
  sleep,
  startCli,
  tally,
  type Running,
} from './follow-support.js';
import { suiteS3 } from './suite-services.js';
import { loggedMessages, storedLinesSoFar, summaryRow, uniquePrefix } from './s3-store.js';

/*
 * The S3Proxy of tooling/services is stopped while `logflush run --follow` ships 100,000 lines
 * into flusher_s3 with a disk buffer; the CLI is killed with SIGKILL three times during the
 * outage and started again each time (its init does not wait for S3); then the server returns
 * with its data (restartS3 keeps the store). An outage test (*.outage.test.ts): `pnpm test:all`
 * runs it alone. The twin of kafka-disk-buffer.outage.test.ts.
 */
const s3Service = suiteS3();

const total = 100_000;
const maxGroupLogs = 500;
// Objects close at MaxEvents logs or FlushInterval after their first, so that they keep
// leaving while the lines come (about 10 objects a second).
const maxEvents = 1000;
const uploadConcurrency = 4;
// MaxBufferedBytes / 64 is the most a read of the buffer takes (at least 64 KiB): 4 MiB makes
// it 64 KiB.
const maxBufferedBytes = 4 * 1024 * 1024;
const readBytes = 64 * 1024;

// The writer below appends about 10,000 lines/s.
const inputWindow = killWindow(maxGroupLogs) + checkpointLag(10_000);
// A log is uploaded again when its object was uploaded but its batch (one read of the buffer)
// was not released on disk: the next start reads the buffer from the first record not released.
// Uploads happen only while S3 is up, and the runs killed are killed while it is down, so only
// what the first run had under way when S3 went away is concerned; the later runs upload nothing
// before they are killed, and the last one stops cleanly with S3 up. With one batch key, lines
// go to the objects in the order of the buffer, so what is uploaded from the first record not
// released on is (a) the start of its batch, in the objects uploaded before the first one not
// uploaded: at most one read, and a line (`seq=N `, 40 x, a space, a 24-character time) is at
// least 71 bytes of it; (b) the objects that were in flight when S3 went away (at most
// UploadConcurrency requests at once, of at most MaxEvents logs each): uploaded ahead of an
// older one that was not, or stored by S3 without the answer reaching the flusher.
const outputWindow = Math.floor(readBytes / 71) + uploadConcurrency * maxEvents;

/** The logs a run found in the buffer, left by the one before (recovered_events), as it logs it. */
function recoveredLogs(run: Running): number | undefined {
  for (const { message } of loggedMessages(run.stderr())) {
    const match =
      /^flusher_s3: uploading (\d+) logs left in the disk buffer ".*" by an earlier run$/.exec(
        message,
      );
    if (match !== null) return Number(match[1]);
  }
  return undefined;
}

describe('flusher_s3 with a disk buffer: S3 down, the CLI killed with SIGKILL three times during the outage', () => {
  it('uploads every line once S3 is back, with the duplicates within the windows', async () => {
    const s3 = s3Service();
    const dir = scratchDir('logflush-s3-outage-');
    const input = path.join(dir, 'app.log');
    const prefix = uniquePrefix();
    const config = path.join(dir, 'pipeline.json');
    fs.writeFileSync(
      config,
      JSON.stringify({
        flushers: [
          {
            type: 'flusher_s3',
            detail: s3FlusherDetail(s3, prefix, {
              FlushInterval: '200ms',
              MaxEvents: maxEvents,
              MaxBufferedBytes: maxBufferedBytes,
              UploadConcurrency: uploadConcurrency,
              Backoff: { Init: '100ms', Max: '1s' },
              Timeout: '5s',
              Buffer: { Type: 'disk', Path: path.join(dir, 'buffer') },
            }),
          },
        ],
      }),
    );
    const args = [...followRunArgs(config, input, dir, maxGroupLogs), '--summary'];
    // About 10,000 lines/s: the 100,000 lines take about 10 s, most of them during the outage.
    const writer = new LineWriter(input, 100, 10);
    const written = () => writer.next >= total;
    writer.write(1000);
    writer.start();
    let running: Running = startCli(args);
    const runs: Running[] = [running];
    let kills = 0;
    try {
      // Some objects reach S3 before it goes away.
      await sleep(2000);
      await restartS3({
        whileDown: async () => {
          for (; kills < 3; kills++) {
            await sleep(700 + Math.floor(Math.random() * 1300));
            running.child.kill('SIGKILL');
            expect((await running.exited).signal).toBe('SIGKILL');
            running = startCli(args);
            runs.push(running);
          }
          await eventually(written, 60_000);
          writer.stop();
          // The last run, started while S3 is away, takes the lines into its buffer.
          const last = running;
          await eventually(
            () =>
              loggedMessages(last.stderr()).some(
                (entry) =>
                  entry.level === 'warn' &&
                  entry.alarm === 'FLUSHER_INIT_ALARM' &&
                  entry.message.startsWith(`flusher_s3: cannot check bucket "${s3.bucket}": `) &&
                  entry.message.endsWith('; logs are kept in the disk buffer until S3 takes them'),
              ),
            undefined,
            "the last run's warning that the logs are kept in the disk buffer",
            () => last.stderr(),
          );
        },
      });
      // S3 is back: the last run uploads its buffer while it runs, with no stop (only the group
      // the reader still fills, at most maxGroupLogs lines, waits for the end of the input).
      const last = running;
      await eventually(
        () => {
          const { counts } = countSeqs(storedLinesSoFar(s3, prefix));
          return tally(counts, writer.next - maxGroupLogs).missing.length === 0;
        },
        120_000,
        'every line but the last group in S3 while the last run runs',
        () => last.stderr(),
      );
      last.child.kill('SIGTERM');
      const exit = await last.exited;
      expect(exit.code, last.stderr()).toBe(0);
      // Nothing left in the buffer, nothing failed.
      expect(summaryRow(last.stderr()), last.stderr()).toMatchObject({
        failed_events: '0',
        dropped_events: '0',
        undelivered: '0',
        in_buffer: '0',
      });
      // Each restart found what the run before left in the buffer (recovered_events).
      const recovered = runs.slice(1).map(recoveredLogs);
      for (const logs of recovered) expect(logs).toBeGreaterThan(0);

      const { counts, other } = countSeqs(storedLines(s3, prefix));
      const { missing, duplicates } = tally(counts, writer.next);
      const bound = 3 * inputWindow + outputWindow;
      console.log(
        `S3 down, kill -9 ×${kills} into a disk-buffered flusher_s3: ${writer.next} lines written, ${duplicates} duplicates (bound ${bound}: ${inputWindow} per kill + ${outputWindow}); recovered at each start: ${recovered.join(', ')}`,
      );
      expect(kills).toBe(3);
      expect(writer.next).toBeGreaterThanOrEqual(total);
      expect(other).toBe(0);
      expect(missing).toEqual([]);
      expect([...counts.keys()].every((seq) => seq < writer.next)).toBe(true);
      expect(duplicates).toBeLessThanOrEqual(bound);
    } finally {
      writer.stop();
      for (const run of runs) run.child.kill('SIGKILL');
    }
  }, 300_000);
});
