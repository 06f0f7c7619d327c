import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLog, createLogGroup, mockContext } from '@logflush/testkit';
import { plugin } from '../src/index.js';
import { tempOutputFile } from './helpers.js';

describe('__TYPE__', () => {
  const files: string[] = [];
  afterEach(() => {
    for (const file of files.splice(0))
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  it('appends one kv line per log, contents in order then __time__', async () => {
    const OutputFile = tempOutputFile();
    files.push(OutputFile);
    const flusher = plugin.create({ OutputFile });
    const context = mockContext();
    await flusher.init(context);
    const logs = [
      createLog({ time: 1700000000, contents: { msg: 'hello', level: 'info' } }),
      createLog({ time: 1700000001, contents: { msg: 'say "hi"' } }),
    ];
    await flusher.flush('project', 'logstore', 'config', [createLogGroup({ logs })]);
    await flusher.stop();
    expect(fs.readFileSync(OutputFile, 'utf8')).toBe(
      '{"msg":"hello","level":"info","__time__":"1700000000"}\n' +
        '{"msg":"say \\"hi\\"","__time__":"1700000001"}\n',
    );
    expect(context.metrics.get('out_events')).toBe(2);
  });

  it('requires OutputFile, naming it', () => {
    expect(() => plugin.create({})).toThrow(/OutputFile/);
  });
});
