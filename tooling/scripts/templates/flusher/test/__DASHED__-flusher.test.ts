import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FlushFailedError } from '@logflush/core';
import { createLog, createLogGroup, createLogs, mockContext } from '@logflush/testkit';
import { plugin } from '../src/index.js';
import { tempOutputFile } from './helpers.js';

describe('__TYPE__', () => {
  const files: string[] = [];
  afterEach(() => {
    for (const file of files.splice(0))
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  function outputFile(): string {
    const file = tempOutputFile();
    files.push(file);
    return file;
  }

  it('appends one kv line per log, contents in order then __time__', async () => {
    const OutputFile = outputFile();
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
    expect(context.metrics.snapshot()).toMatchObject({ in_events: 2, out_events: 2 });
  });

  it('writes the RawContentKey content as it is with Format raw', async () => {
    const OutputFile = outputFile();
    const flusher = plugin.create({ OutputFile, Format: 'raw', RawContentKey: 'msg' });
    await flusher.init(mockContext());
    const logs = [createLog({ time: 1, contents: { msg: 'plain <text>', level: 'info' } })];
    await flusher.flush('project', 'logstore', 'config', [createLogGroup({ logs })]);
    await flusher.stop();
    expect(fs.readFileSync(OutputFile, 'utf8')).toBe('plain <text>\n');
  });

  it.skipIf(!fs.existsSync('/dev/full'))(
    'rejects a flush it could not write with a FlushFailedError and counts failed_events',
    async () => {
      const flusher = plugin.create({ OutputFile: '/dev/full' });
      const context = mockContext();
      await flusher.init(context);
      const flushed = flusher.flush('project', 'logstore', 'config', [
        createLogGroup({ logs: createLogs(3) }),
      ]);
      await expect(flushed).rejects.toBeInstanceOf(FlushFailedError);
      await expect(flushed).rejects.toThrow(
        '__TYPE__: 3 of 3 logs not delivered: writing to /dev/full failed: ENOSPC: no space left on device, write (3 logs)',
      );
      expect(context.metrics.get('failed_events')).toBe(3);
      await flusher.stop();
    },
  );

  it('requires OutputFile, naming it', () => {
    expect(() => plugin.create({})).toThrow(/OutputFile/);
  });
});
