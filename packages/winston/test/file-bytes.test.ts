import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runApp, tempDir } from './support.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('winston → LogflushTransport → flusher_file (Format json)', () => {
  it('writes exactly these bytes for nested meta, an error with its stack, unicode and <>&', async () => {
    const { dir, remove } = tempDir('bytes');
    cleanup = remove;
    const file = path.join(dir, 'app.log');
    const run = await runApp({
      scenario: 'records',
      transport: {
        flushers: [{ type: 'flusher_file', detail: { FilePath: file, Format: 'json' } }],
        source: '10.0.0.1',
      },
    });
    expect(run.report?.event, run.stderr).toBe('finish');
    const pid = run.report!.pid;
    const host = os.hostname();
    // LoongCollector's json line: the group's tags sorted (__source__, hostname, pid), __time__ as a
    // number, then the contents: level, message, then the info's fields in order. Values are
    // strings; objects are JSON; only " \ and control characters are escaped (not <>&, not U+2028).
    const tags = `{"__source__":"10.0.0.1","hostname":"${host}","pid":"${pid}"`;
    const expected = [
      `${tags},"__time__":1714979289,"level":"info","message":"plain message"}`,
      `${tags},"__time__":1714979289,"level":"info","message":"nested meta","user":"{\\"id\\":7,\\"name\\":\\"Zoë\\",\\"roles\\":[\\"admin\\",\\"ops\\"],\\"address\\":{\\"city\\":\\"Zürich\\"}}","count":"3","ok":"true","none":"null"}`,
      `${tags},"__time__":1714979290,"level":"error","message":"boom <b>&</b>","code":"E_BOOM","stack":"Error: boom <b>&</b>\\n    at handler (/srv/app/server.js:10:5)\\n    at run (/srv/app/index.js:3:1)"}`,
      `${tags},"__time__":1714979291,"level":"warn","message":"failed to parse","err":"{\\"name\\":\\"TypeError\\",\\"message\\":\\"bad \\\\\\"input\\\\\\"\\",\\"stack\\":\\"TypeError: bad \\\\\\"input\\\\\\"\\\\n    at parse (/srv/app/parse.js:1:1)\\"}"}`,
      `${tags},"__time__":1714979289,"level":"info","message":"unicode: héllo wörld — 日本語 🚀 \u2028 tab\\tnewline\\n\\"quoted\\" \\\\ back"}`,
      `${tags},"__time__":1714979289,"level":"debug","message":"<script>alert(\\"x\\")</script> & &amp; <>","html":"<a href=\\"?a=1&b=2\\">","list":"[\\"<\\",\\">\\",\\"&\\"]"}`,
    ];
    const text = fs.readFileSync(file, 'utf8');
    const lines = text.split('\n');
    expect(lines.pop()).toBe(''); // every line ends with \n
    expect(lines.slice(0, expected.length).join('\n')).toBe(expected.join('\n'));
    // Byte for byte, not only as text.
    expect(Buffer.from(lines.slice(0, 6).join('\n') + '\n')).toEqual(
      fs.readFileSync(file).subarray(0, Buffer.byteLength(expected.join('\n') + '\n')),
    );

    // Without a timestamp format, Time is the time of the log: within this run.
    const last = lines[6]!;
    const match =
      /^\{"__source__":"10\.0\.0\.1","hostname":"[^"]+","pid":"\d+","__time__":(\d+),"level":"info","message":"no timestamp"\}$/.exec(
        last,
      );
    expect(match, last).not.toBeNull();
    const time = Number(match![1]);
    expect(Math.abs(time - Date.now() / 1000)).toBeLessThan(120);
    expect(lines).toHaveLength(7);
    expect(run.report!.metrics).toMatchObject({
      written: 7,
      delivered: 7,
      undelivered: 0,
      dropped: 0,
    });
  });

  it("takes format.timestamp()'s time as the Log's Time, not as a content", async () => {
    const { dir, remove } = tempDir('timestamp');
    cleanup = remove;
    const file = path.join(dir, 'app.log');
    const before = Math.floor(Date.now() / 1000);
    const run = await runApp({
      scenario: 'lines',
      count: 3,
      timestamp: true,
      transport: {
        flushers: [{ type: 'flusher_file', detail: { FilePath: file } }],
        tags: { app: 'api' },
        topic: 'web',
        source: '10.0.0.2',
      },
    });
    expect(run.report?.event, run.stderr).toBe('finish');
    const after = Math.ceil(Date.now() / 1000);
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    lines.forEach((line, i) => {
      const object = JSON.parse(line) as Record<string, unknown>;
      expect(Object.keys(object)).toEqual([
        '__source__',
        '__topic__',
        'app',
        '__time__',
        'level',
        'message',
        'seq',
      ]);
      expect(object).toMatchObject({
        app: 'api',
        __topic__: 'web',
        message: `line ${i}`,
        seq: String(i),
      });
      expect(object.__time__).toBeGreaterThanOrEqual(before);
      expect(object.__time__).toBeLessThanOrEqual(after);
    });
  });
});
