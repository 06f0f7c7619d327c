import { describe, expect, it } from 'vitest';
import { createFlusherContext } from '../../src/context.js';
import { createConsoleLogger } from '../../src/logger.js';
import { createMetrics, metricNames } from '../../src/metrics.js';
import { editDistance, nearestMatch } from '../../src/nearest.js';

describe('createConsoleLogger', () => {
  it('writes one JSON line per entry with level, alarm type, bindings and fields', () => {
    const lines: string[] = [];
    const logger = createConsoleLogger({
      write: (line) => lines.push(line),
      bindings: { config: 'c1' },
    });
    logger.info('started', { port: 1 });
    logger.warn('FLUSHER_FLUSH_ALARM', 'slow');
    logger.debug('hidden at info level');
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.every((line) => line.endsWith('\n'))).toBe(true);
    expect(entries.map(({ time: _time, ...rest }) => rest)).toEqual([
      { level: 'info', config: 'c1', message: 'started', port: 1 },
      { level: 'warn', alarm: 'FLUSHER_FLUSH_ALARM', config: 'c1', message: 'slow' },
    ]);
  });

  it('honours the level threshold', () => {
    const lines: string[] = [];
    const logger = createConsoleLogger({ write: (line) => lines.push(line), level: 'error' });
    logger.warn('A', 'no');
    logger.error('B', 'yes');
    expect(lines).toHaveLength(1);
  });
});

describe('createMetrics', () => {
  it('starts every standard counter at zero and adds deltas', () => {
    const metrics = createMetrics();
    expect(Object.keys(metrics.snapshot())).toEqual([...metricNames]);
    metrics.add('in_events', 3);
    metrics.add('in_events', 2);
    metrics.add('custom_counter', 1);
    expect(metrics.get('in_events')).toBe(5);
    expect(metrics.snapshot()).toMatchObject({ in_events: 5, out_events: 0, custom_counter: 1 });
  });
});

describe('createFlusherContext', () => {
  it('fills defaults and keeps what it is given', () => {
    const metrics = createMetrics();
    const context = createFlusherContext({ configName: 'c', project: 'p', metrics });
    expect(context).toMatchObject({ configName: 'c', project: 'p', logstore: '' });
    expect(context.metrics).toBe(metrics);
    expect(context.signal.aborted).toBe(false);
  });
});

describe('nearestMatch', () => {
  it('finds a close candidate case-insensitively and nothing for a distant one', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(nearestMatch('brokerz', ['Brokers', 'Topic'])).toBe('Brokers');
    expect(nearestMatch('Compresion', ['Compression', 'Topic'])).toBe('Compression');
    expect(nearestMatch('xyz', ['Brokers', 'Topic'])).toBeUndefined();
    expect(nearestMatch('a', [])).toBeUndefined();
  });
});
