import { describe, expect, it } from 'vitest';
import { createLog, createLogGroup, createLogs, mockContext } from '../src/index.js';

describe('builders', () => {
  it('builds a Log from a record, keeping key order, with Time_ns only when given', () => {
    expect(createLog({ time: 5, contents: { b: '1', a: '2' } })).toEqual({
      Time: 5,
      Contents: [
        { Key: 'b', Value: '1' },
        { Key: 'a', Value: '2' },
      ],
    });
    expect(createLog({ contents: [['k', 'v']], timeNs: 7 })).toEqual({
      Time: 1700000000,
      Contents: [{ Key: 'k', Value: 'v' }],
      Time_ns: 7,
    });
  });

  it('numbers createLogs one second apart with seq contents', () => {
    const logs = createLogs(3, { startTime: 10 });
    expect(logs.map((log) => log.Time)).toEqual([10, 11, 12]);
    expect(logs[2]?.Contents).toEqual([
      { Key: 'seq', Value: '2' },
      { Key: 'content', Value: 'log line 2' },
    ]);
  });

  it('sets group fields only when given and accepts tags as a record', () => {
    const group = createLogGroup({ logs: [], topic: 't', tags: { a: '1' } });
    expect(group).toEqual({ Logs: [], LogTags: [{ Key: 'a', Value: '1' }], Topic: 't' });
    expect('Source' in group).toBe(false);
  });
});

describe('mockContext', () => {
  it('records logger calls and counts metrics', () => {
    const context = mockContext({ project: 'p' });
    context.logger.info('hello', { n: 1 });
    context.logger.error('FLUSHER_FLUSH_ALARM', 'boom');
    context.metrics.add('out_events', 2);
    expect(context.project).toBe('p');
    expect(context.lines).toEqual([
      { level: 'info', message: 'hello', fields: { n: 1 } },
      { level: 'error', alarmType: 'FLUSHER_FLUSH_ALARM', message: 'boom', fields: undefined },
    ]);
    expect(context.metrics.get('out_events')).toBe(2);
    expect(context.signal.aborted).toBe(false);
    context.abort();
    expect(context.signal.aborted).toBe(true);
  });
});
