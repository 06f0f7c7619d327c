import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { bufferFrameHeaderBytes, FlushFailedError, type DeadLetterLine } from '@logflush/core';
import { createLogGroup, createLogs, mockContext } from '@logflush/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { createFlusher, flush, quickRetries, startFlusher } from './support/flusher.js';
import { createTopic, plaintextBrokers, readTopic, uniqueTopic, values } from './support/kafka.js';

const folders: string[] = [];
async function tempDir(label: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `logflush-kafka-${label}-`));
  folders.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(folders.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

/** A loopback port where nothing listens (connections are refused). */
async function closedPort(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `127.0.0.1:${port}`;
}

function seqGroup(from: number, count: number) {
  return createLogGroup({
    logs: createLogs(count, { contents: (i) => ({ seq: String(from + i), msg: 'buffered' }) }),
  });
}

const seqOf = (value: string) =>
  Number((JSON.parse(value) as { contents: { seq: string } }).contents.seq);

async function deadLetterLines(file: string): Promise<DeadLetterLine[]> {
  const text = await fs.readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as DeadLetterLine);
}

describe('Buffer: {"Type": "disk"}', () => {
  it('init succeeds with no broker up; the logs wait on disk and a later start delivers them, in order', async () => {
    const topic = uniqueTopic('disk-outage');
    await createTopic(topic, 1);
    const bufferPath = path.join(await tempDir('outage'), 'buffer');
    const down = createFlusher({
      Brokers: [await closedPort()],
      Topic: topic,
      Timeout: '1s',
      ...quickRetries,
      Buffer: { Type: 'disk', Path: bufferPath },
    });
    const context = mockContext({ logstore: 'test-logstore' });
    await down.init(context);
    expect(down.isReady('test-project', 'test-logstore', 0n)).toBe(true);
    for (let i = 0; i < 5; i++) {
      await down.flush('test-project', 'test-logstore', 'test-config', [seqGroup(i * 100, 100)]);
    }
    await down.stop();
    expect(context.metrics.get('out_events')).toBe(0);
    expect(context.metrics.get('failed_events')).toBe(0);
    expect(
      context.lines.some((entry) =>
        /cannot connect to .*logs wait in the disk buffer/.test(entry.message),
      ),
    ).toBe(true);
    expect((await fs.readdir(bufferPath)).some((name) => name.endsWith('.seg'))).toBe(true);

    const up = await startFlusher({
      Brokers: plaintextBrokers(),
      Topic: topic,
      ...quickRetries,
      Buffer: { Type: 'disk', Path: bufferPath },
    });
    await up.flusher.stop();
    expect(up.context.metrics.get('recovered_events')).toBe(500);
    expect(up.context.metrics.get('out_events')).toBe(500);
    expect(values(await readTopic(topic)).map(seqOf)).toEqual(
      Array.from({ length: 500 }, (_, i) => i),
    );
  });

  it('stop while no broker answers ends the wait between connection attempts: it does not wait for Backoff.Max, the logs stay in the buffer', async () => {
    const bufferPath = path.join(await tempDir('stop-outage'), 'buffer');
    const flusher = createFlusher({
      Brokers: [await closedPort()],
      Topic: 'not-sent-yet',
      Timeout: '1s',
      Backoff: { Init: '60s', Max: '60s' },
      Buffer: { Type: 'disk', Path: bufferPath },
    });
    const context = mockContext({ logstore: 'test-logstore' });
    await flusher.init(context);
    for (let i = 0; i < 3; i++) {
      await flusher.flush('test-project', 'test-logstore', 'test-config', [seqGroup(i * 100, 100)]);
    }
    // The sender's first attempt has failed: it now waits 30 to 60 s (Backoff with jitter).
    const waiting = () =>
      context.lines.some((entry) => /cannot connect to .*trying again in/.test(entry.message));
    for (let polls = 0; !waiting(); polls++) {
      expect(polls).toBeLessThan(200);
      await sleep(50);
    }

    const outcome = await Promise.race([
      flusher.stop().then(() => 'stopped'),
      sleep(15_000, 'still stopping after 15 s'),
    ]);
    expect(outcome).toBe('stopped');
    expect(flusher.backlog()).toEqual({ logs: 300, bytes: expect.any(Number) as number });
    expect(context.metrics.get('out_events')).toBe(0);
    expect(
      context.lines.some((entry) =>
        entry.message.includes(`300 logs stay in the disk buffer "${bufferPath}"`),
      ),
    ).toBe(true);
  });

  it('without a disk buffer, init with no broker up fails clearly', async () => {
    const broker = await closedPort();
    const flusher = createFlusher({ Brokers: [broker], Topic: 'never-written', Timeout: '1s' });
    await expect(flusher.init(mockContext())).rejects.toThrow(
      `flusher_kafka: cannot connect to ${broker} within Timeout 1000 ms`,
    );
    await flusher.stop();
  });
});

/** Bytes of the segment files in a buffer directory. */
async function segmentBytes(dir: string): Promise<number> {
  let bytes = 0;
  for (const name of await fs.readdir(dir))
    if (name.endsWith('.seg')) bytes += (await fs.stat(path.join(dir, name))).size;
  return bytes;
}

/** A started flusher with a disk buffer at `bufferPath` whose broker is away (nothing is sent). */
async function startWhileDown(bufferPath: string, buffer: Record<string, unknown>) {
  const flusher = createFlusher({
    Brokers: [await closedPort()],
    Topic: 'not-sent-yet',
    Timeout: '1s',
    ...quickRetries,
    Buffer: { Type: 'disk', Path: bufferPath, ...buffer },
  });
  const context = mockContext({ logstore: 'test-logstore' });
  await flusher.init(context);
  return { flusher, context };
}

/** A later start with the broker up: what it delivers from the buffer left at `bufferPath`. */
async function deliverLeftovers(bufferPath: string, topic: string) {
  await createTopic(topic, 1);
  const up = await startFlusher({
    Brokers: plaintextBrokers(),
    Topic: topic,
    ...quickRetries,
    Buffer: { Type: 'disk', Path: bufferPath },
  });
  await up.flusher.stop();
  return { metrics: up.context.metrics, seqs: values(await readTopic(topic)).map(seqOf) };
}

describe('Buffer.WhenFull at a small MaxBytes (64 KiB, segments of 16 KiB)', () => {
  const small = { MaxBytes: 65_536, SegmentBytes: 16_384 };

  it('drop_newest: a flush that does not fit is dropped and counted exactly; disk use stays within MaxBytes + one segment', async () => {
    const bufferPath = path.join(await tempDir('drop'), 'buffer');
    const { flusher, context } = await startWhileDown(bufferPath, {
      ...small,
      WhenFull: 'drop_newest',
    });
    const accepted: number[] = [];
    let dropped = 0;
    let largestUse = 0;
    for (let i = 0; i < 200; i++) {
      // 10 logs of about 100 bytes each per flush: far more than 64 KiB in all.
      const outcome = await flusher
        .flush('test-project', 'test-logstore', 'test-config', [seqGroup(i * 10, 10)])
        .then(
          () => 'stored',
          (error: unknown) => error,
        );
      if (outcome === 'stored') accepted.push(...Array.from({ length: 10 }, (_, k) => i * 10 + k));
      else {
        expect(outcome).toBeInstanceOf(FlushFailedError);
        expect((outcome as Error).message).toBe(
          'flusher_kafka: 10 logs dropped: the disk buffer is full (Buffer.WhenFull drop_newest)',
        );
        dropped += 10;
      }
      largestUse = Math.max(largestUse, await segmentBytes(bufferPath));
    }
    expect(flusher.isReady('test-project', 'test-logstore', 0n)).toBe(true);
    await flusher.stop();
    expect(dropped).toBeGreaterThan(0);
    expect(accepted.length).toBeGreaterThan(0);
    expect(context.metrics.get('dropped_events')).toBe(dropped);
    expect(largestUse).toBeLessThanOrEqual(small.MaxBytes + small.SegmentBytes);

    const later = await deliverLeftovers(bufferPath, uniqueTopic('disk-drop'));
    expect(later.seqs).toEqual(accepted);
    expect(later.metrics.get('recovered_events')).toBe(accepted.length);
  });

  it('block: isReady turns false at the bound, nothing is dropped, disk use stays within MaxBytes + one segment', async () => {
    const bufferPath = path.join(await tempDir('block'), 'buffer');
    const { flusher, context } = await startWhileDown(bufferPath, small);
    let flushed = 0;
    while (flusher.isReady('test-project', 'test-logstore', 0n)) {
      await flusher.flush('test-project', 'test-logstore', 'test-config', [
        seqGroup(flushed * 10, 10),
      ]);
      flushed++;
      expect(flushed).toBeLessThan(1000);
    }
    expect(await segmentBytes(bufferPath)).toBeLessThanOrEqual(small.MaxBytes + small.SegmentBytes);
    await flusher.stop();
    expect(context.metrics.get('dropped_events')).toBe(0);

    const later = await deliverLeftovers(bufferPath, uniqueTopic('disk-block'));
    expect(later.seqs).toEqual(Array.from({ length: flushed * 10 }, (_, i) => i));
  });
});

describe('a damaged disk buffer left by an earlier run', () => {
  it('a segment truncated mid-record and a flipped byte: the rest is delivered, the damage is counted', async () => {
    const bufferPath = path.join(await tempDir('damaged'), 'buffer');
    // Segments of 4 KiB: the 40 flushes of 10 logs (one record each) fill several of them.
    const { flusher } = await startWhileDown(bufferPath, {
      MaxBytes: 1_048_576,
      SegmentBytes: 4096,
    });
    for (let i = 0; i < 40; i++)
      await flusher.flush('test-project', 'test-logstore', 'test-config', [seqGroup(i * 10, 10)]);
    await flusher.stop();
    const segments = (await fs.readdir(bufferPath)).filter((name) => name.endsWith('.seg')).sort();
    expect(segments.length).toBeGreaterThanOrEqual(3);

    // A byte of the first record's data flipped: that record (logs 0-9) fails its checksum.
    const first = path.join(bufferPath, segments[0]!);
    const bytes = await fs.readFile(first);
    bytes[bufferFrameHeaderBytes + 5]! ^= 0xff;
    await fs.writeFile(first, bytes);
    // The last segment cut in the middle of its last record, as a crash mid-write leaves it.
    const last = path.join(bufferPath, segments.at(-1)!);
    const { size } = await fs.stat(last);
    await fs.truncate(last, size - 7);

    const later = await deliverLeftovers(bufferPath, uniqueTopic('disk-damaged'));
    const expected = Array.from({ length: 400 }, (_, i) => i).filter(
      (seq) => seq >= 10 && seq < 390,
    );
    expect(later.seqs).toEqual(expected);
    expect(later.metrics.get('buffer_corrupt_records')).toBe(2);
    // The flipped record's 10 logs are known lost. A record cut off at the end of the last
    // segment is what a crash in the middle of an append leaves: its flush had not resolved, so
    // its logs are not counted as lost (the input sends them again); its bytes are.
    expect(later.metrics.get('buffer_corrupt_events')).toBe(10);
    expect(later.metrics.get('buffer_corrupt_bytes')).toBeGreaterThan(0);
  });
});

describe('DeadLetter: {"Path"}', () => {
  /** Two good logs, one for a topic name Kafka refuses, one message over the broker's size limit. */
  function mixedGroup(topic: string) {
    return createLogGroup({
      logs: [
        {
          Time: 1_700_000_000,
          Contents: [
            { Key: 'to', Value: topic },
            { Key: 'n', Value: 'a' },
          ],
        },
        {
          Time: 1_700_000_001,
          Contents: [
            { Key: 'to', Value: 'bad topic!' },
            { Key: 'n', Value: 'b' },
          ],
        },
        {
          Time: 1_700_000_002,
          Contents: [
            { Key: 'to', Value: topic },
            { Key: 'n', Value: 'c' },
            { Key: 'big', Value: 'x'.repeat(1_200_000) },
          ],
        },
        {
          Time: 1_700_000_003,
          Contents: [
            { Key: 'to', Value: topic },
            { Key: 'n', Value: 'd' },
          ],
        },
      ],
    });
  }

  function expectDeadLetters(lines: DeadLetterLine[], topic: string) {
    expect(lines.map((line) => line.log.n)).toEqual(expect.arrayContaining(['b', 'c']));
    expect(lines).toHaveLength(2);
    const bad = lines.find((line) => line.log.n === 'b')!;
    expect(bad).toMatchObject({
      flusher: 'flusher_kafka',
      destination: 'topic "bad topic!"',
      log: { __time__: 1_700_000_001, to: 'bad topic!', n: 'b' },
    });
    expect(bad.reason).toMatch(/the topic name .* \(rendered from Topic "%\{content\.to\}"\)/);
    const big = lines.find((line) => line.log.n === 'c')!;
    expect(big.destination).toBe(`topic ${JSON.stringify(topic)}`);
    expect(big.reason).toMatch(/not retried/);
    expect(big.log.big).toHaveLength(1_200_000);
    expect(Number.isNaN(Date.parse(big.time))).toBe(false);
  }

  it('memory buffer: the flush rejects for the undeliverable logs, which are in the dead-letter file', async () => {
    const topic = uniqueTopic('dead-letter-memory');
    await createTopic(topic, 1);
    const deadLetter = path.join(await tempDir('dlq-memory'), 'dead.jsonl');
    const running = await startFlusher({
      Brokers: plaintextBrokers(),
      Topic: '%{content.to}',
      MaxMessageBytes: 4_000_000,
      ...quickRetries,
      DeadLetter: { Path: deadLetter },
    });
    const failure = await flush(running, [mixedGroup(topic)]).catch((error: unknown) => error);
    await running.flusher.stop();
    expect(failure).toBeInstanceOf(FlushFailedError);
    expect((failure as FlushFailedError).failedEvents).toBe(2);
    expect((failure as Error).message).toContain(
      `they are in the dead-letter file "${deadLetter}"`,
    );
    expect(running.context.metrics.get('dead_letter_events')).toBe(2);
    expectDeadLetters(await deadLetterLines(deadLetter), topic);
    expect(
      values(await readTopic(topic)).map(
        (v) => (JSON.parse(v) as { contents: { n: string } }).contents.n,
      ),
    ).toEqual(['a', 'd']);
  });

  it('disk buffer: the flush resolves; stop reports the undeliverable logs, which are in the dead-letter file', async () => {
    const topic = uniqueTopic('dead-letter-disk');
    await createTopic(topic, 1);
    const dir = await tempDir('dlq-disk');
    const deadLetter = path.join(dir, 'dead.jsonl');
    const running = await startFlusher({
      Brokers: plaintextBrokers(),
      Topic: '%{content.to}',
      MaxMessageBytes: 4_000_000,
      ...quickRetries,
      Buffer: { Type: 'disk', Path: path.join(dir, 'buffer') },
      DeadLetter: { Path: deadLetter },
    });
    await flush(running, [mixedGroup(topic)]);
    await expect(running.flusher.stop()).rejects.toThrow(
      new RegExp(`^flusher_kafka: 2 logs not delivered: .*they are in the dead-letter file`),
    );
    expect(running.context.metrics.get('failed_events')).toBe(2);
    expect(running.context.metrics.get('out_events')).toBe(2);
    expectDeadLetters(await deadLetterLines(deadLetter), topic);
  });
});
