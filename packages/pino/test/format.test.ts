import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { fileFlusher, runApp, tempDir } from './support.js';

// pino's own serializers and a fixed clock (pino's `timestamp` option): the bytes flusher_file
// writes are known in full. LoongCollector's json line: tags sorted, __time__, then the contents
// in the record's order (level, then pino's fields, msg last).
const records = [
  {
    level: 'info',
    obj: { user: { id: 7, roles: ['a', 'b'], meta: { deep: { x: null } } } },
    msg: 'nested',
  },
  { err: 'boom <b>&', msg: 'failed' },
  { level: 'warn', obj: { city: 'Zürich', emoji: '🚀', cjk: '日志' }, msg: 'héllo wörld' },
  { level: 'debug', obj: { html: '<a href="x">&amp;</a>', n: 1.5, ok: false }, msg: '<>&' },
  { level: 'audit', obj: { who: 'admin' }, msg: 'custom level' },
];
const pinoOptions = {
  base: null,
  level: 'debug',
  customLevels: { audit: 35 },
  timestamp: ',"time":1700000000123',
};

function expected(stack: string, level: (label: string, n: number) => string): string {
  const prefix = '{"__source__":"10.0.0.1","app":"shop","__time__":1700000000,';
  const err = JSON.stringify({ type: 'Error', message: 'boom <b>&', stack, code: 'E_TEST' });
  return [
    `${prefix}${level('info', 30)},"user":"{\\"id\\":7,\\"roles\\":[\\"a\\",\\"b\\"],\\"meta\\":{\\"deep\\":{\\"x\\":null}}}","msg":"nested"}`,
    `${prefix}${level('error', 50)},"err":${JSON.stringify(err)},"msg":"failed"}`,
    `${prefix}${level('warn', 40)},"city":"Zürich","emoji":"🚀","cjk":"日志","msg":"héllo wörld"}`,
    `${prefix}${level('debug', 20)},"html":"<a href=\\"x\\">&amp;</a>","n":"1.5","ok":"false","msg":"<>&"}`,
    `${prefix}${level('audit', 35)},"who":"admin","msg":"custom level"}`,
    '',
  ].join('\n');
}

describe('pino records through flusher_file (Format json): exact bytes', () => {
  it('levels as labels (custom levels from pino), time as __time__, every field a content', async () => {
    const dir = tempDir('bytes');
    const run = await runApp({
      options: {
        flushers: [fileFlusher(dir, { Format: 'json' })],
        source: '10.0.0.1',
        tags: { app: 'shop' },
      },
      pino: pinoOptions,
      records,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const stack = run.report!.stacks![0]!;
    const bytes = fs.readFileSync(path.join(dir, 'app.log'), 'utf8');
    expect(bytes).toBe(expected(stack, (label) => `"level":"${label}"`));
  });

  it("levels: 'number' keeps pino's numbers", async () => {
    const dir = tempDir('bytes-number');
    const run = await runApp({
      options: {
        flushers: [fileFlusher(dir)],
        source: '10.0.0.1',
        tags: { app: 'shop' },
        levels: 'number',
      },
      pino: pinoOptions,
      records,
    });
    expect(run.code).toBe(0);
    const bytes = fs.readFileSync(path.join(dir, 'app.log'), 'utf8');
    expect(bytes).toBe(expected(run.report!.stacks![0]!, (_label, n) => `"level":"${n}"`));
  });

  it('default tags are the hostname and pid, which are then not repeated as contents', async () => {
    const dir = tempDir('tags');
    const run = await runApp({
      options: { flushers: [fileFlusher(dir)], source: '10.0.0.1' },
      pino: { timestamp: ',"time":1700000000999' },
      records: [{ level: 'info', obj: { a: 1 }, msg: 'tagged' }],
    });
    expect(run.code).toBe(0);
    const line = fs.readFileSync(path.join(dir, 'app.log'), 'utf8');
    const { hostname } = await import('node:os');
    const pid = /"pid":"(\d+)"/.exec(line)?.[1];
    expect(line).toBe(
      `{"__source__":"10.0.0.1","hostname":${JSON.stringify(hostname())},"pid":"${pid}","__time__":1700000000,"level":"info","a":"1","msg":"tagged"}\n`,
    );
  });
});
