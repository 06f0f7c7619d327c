import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLog, createLogGroup } from '@logflush/testkit';
import { rolledName } from '../src/index.js';
import {
  flush,
  listFiles,
  newDir,
  openFilesUnder,
  range,
  readText,
  run,
  seqGroup,
  seqs,
  start,
} from './helpers.js';

// seqGroup lines are {"__time__":17000000NN,"seq":"N","content":"log line N"}: 56–58 bytes for N < 100.
describe('rotation by size', () => {
  it('names rolled files as spdlog does: the number before the extension', () => {
    expect(rolledName('/var/log/app.log', 1)).toBe('/var/log/app.1.log');
    expect(rolledName('/var/log/app', 3)).toBe('/var/log/app.3');
    expect(rolledName('/var/log/.hidden', 2)).toBe('/var/log/.hidden.2');
    expect(rolledName('/var/log/app.tar.gz', 2)).toBe('/var/log/app.tar.2.gz');
  });

  it('rolls at MaxFileSize between lines, keeps MaxFiles rolled files, and loses no line among them', async () => {
    const dir = newDir();
    await run(
      { FilePath: path.join(dir, 'app.log'), MaxFileSize: 300, MaxFiles: 3 },
      [seqGroup(0, 40)],
      [seqGroup(40, 40)],
    );
    expect(listFiles(dir)).toEqual(['app.1.log', 'app.2.log', 'app.3.log', 'app.log']);
    const oldestFirst = ['app.3.log', 'app.2.log', 'app.1.log', 'app.log'].map((name) =>
      readText(path.join(dir, name)),
    );
    for (const text of oldestFirst) {
      expect(text.endsWith('\n')).toBe(true);
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(300);
      for (const line of text.slice(0, -1).split('\n'))
        expect(() => JSON.parse(line) as unknown).not.toThrow();
    }
    // Each file holds 5 lines (5 × 56–58 bytes ≤ 300 < 6 lines): the newest 20 logs survive, in order.
    const kept = oldestFirst.flatMap(seqs);
    expect(kept).toEqual(range(60, 20));
  });

  it('keeps every line when MaxFiles is large enough', async () => {
    const dir = newDir();
    await run({ FilePath: path.join(dir, 'app.log'), MaxFileSize: 500, MaxFiles: 50 }, [
      seqGroup(0, 100),
    ]);
    const files = listFiles(dir);
    const byAge = files.sort((a, b) => rollNumber(b) - rollNumber(a));
    expect(byAge.flatMap((name) => seqs(readText(path.join(dir, name))))).toEqual(range(0, 100));
  });

  it('appends to an existing file and counts its size', async () => {
    const dir = newDir();
    const file = path.join(dir, 'app.log');
    fs.writeFileSync(file, 'x'.repeat(250) + '\n');
    await run({ FilePath: file, MaxFileSize: 300, MaxFiles: 2 }, [seqGroup(0, 1)]);
    expect(readText(path.join(dir, 'app.1.log'))).toBe('x'.repeat(250) + '\n');
    expect(seqs(readText(file))).toEqual([0]);
  });

  it('writes a line longer than MaxFileSize whole, in a file of its own', async () => {
    const dir = newDir();
    const file = path.join(dir, 'app.log');
    const logs = [
      createLog({ time: 1, contents: { seq: '0' } }),
      createLog({ time: 2, contents: { seq: '1', content: 'y'.repeat(200) } }),
      createLog({ time: 3, contents: { seq: '2' } }),
    ];
    await run({ FilePath: file, MaxFileSize: 100, MaxFiles: 5 }, [createLogGroup({ logs })]);
    expect(readText(path.join(dir, 'app.2.log'))).toBe('{"__time__":1,"seq":"0"}\n');
    expect(readText(path.join(dir, 'app.1.log'))).toBe(
      `{"__time__":2,"seq":"1","content":"${'y'.repeat(200)}"}\n`,
    );
    expect(readText(file)).toBe('{"__time__":3,"seq":"2"}\n');
  });

  it('never rolls with MaxFileSize 0', async () => {
    const dir = newDir();
    await run({ FilePath: path.join(dir, 'app.log'), MaxFileSize: 0 }, [seqGroup(0, 200)]);
    expect(listFiles(dir)).toEqual(['app.log']);
    expect(seqs(readText(path.join(dir, 'app.log')))).toEqual(range(0, 200));
  });

  it('never rolls a path that is not a regular file (/dev/null)', async () => {
    const context = await run({ FilePath: '/dev/null', MaxFileSize: 10 }, [seqGroup(0, 5)]);
    expect(fs.existsSync('/dev/null.1')).toBe(false);
    expect(context.metrics.get('out_events')).toBe(5);
  });
});

function rollNumber(name: string): number {
  const match = /^app\.(\d+)\.log$/.exec(name);
  return match === null ? 0 : Number(match[1]);
}

describe('rotation by time', () => {
  const hour = 3600;
  const base = 1700000000 - (1700000000 % hour); // 2023-11-14T22:00:00Z

  function logsAt(times: number[]) {
    return createLogGroup({
      logs: times.map((time, i) => createLog({ time, contents: { seq: String(i) } })),
    });
  }

  it("starts a new file when the rendered time in FilePath changes (the log's own time, UTC)", async () => {
    const dir = newDir();
    await run({ FilePath: path.join(dir, '%Y-%m-%d', 'app-%H.log') }, [
      logsAt([base + 1, base + 59, base + hour, base + hour + 1, base + 2 * hour + 5]),
    ]);
    expect(listFiles(dir)).toEqual([
      '2023-11-14/app-22.log',
      '2023-11-14/app-23.log',
      '2023-11-15/app-00.log',
    ]);
    expect(seqs(readText(path.join(dir, '2023-11-14/app-22.log')))).toEqual([0, 1]);
    expect(seqs(readText(path.join(dir, '2023-11-14/app-23.log')))).toEqual([2, 3]);
    expect(seqs(readText(path.join(dir, '2023-11-15/app-00.log')))).toEqual([4]);
  });

  it('writes a late log to the file of its own hour', async () => {
    const dir = newDir();
    await run(
      { FilePath: path.join(dir, 'app-%H.log') },
      [logsAt([base])],
      [logsAt([base + hour])],
      [logsAt([base + 30])],
    );
    expect(readText(path.join(dir, 'app-22.log'))).toBe(
      '{"__time__":1699999200,"seq":"0"}\n{"__time__":1699999230,"seq":"0"}\n',
    );
    expect(readText(path.join(dir, 'app-23.log'))).toBe('{"__time__":1700002800,"seq":"0"}\n');
  });

  it('uses local time with TimeZone local', async () => {
    const dir = newDir();
    await run({ FilePath: path.join(dir, 'app-%H.log'), TimeZone: 'local' }, [logsAt([base])]);
    const localHour = String(new Date(base * 1000).getHours()).padStart(2, '0');
    expect(listFiles(dir)).toEqual([`app-${localHour}.log`]);
  });

  it('closes files of past hours after IdleTimeout', async () => {
    const dir = newDir();
    const { flusher } = await start({
      FilePath: path.join(dir, 'app-%H.log'),
      IdleTimeout: '20ms',
    });
    await flush(flusher, [logsAt([base])]);
    expect(openFilesUnder(dir)).toEqual([path.join(dir, 'app-22.log')]);
    await waitFor(() => openFilesUnder(dir).length === 0);
    await flush(flusher, [logsAt([base + hour])]);
    expect(openFilesUnder(dir)).toEqual([path.join(dir, 'app-23.log')]);
    await flusher.stop();
    expect(openFilesUnder(dir)).toEqual([]);
  });
});

/** Polls `condition` every 10 ms until it holds (the test's own timeout bounds the wait). */
async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}
