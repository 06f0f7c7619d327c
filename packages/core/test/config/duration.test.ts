import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { duration, parseConfig } from '../../src/config/index.js';
import { errorLines } from './config-errors.js';

const schema = z.object({ Timeout: duration().prefault('30s') });
const millis = (value: unknown) => parseConfig(schema, { Timeout: value }).Timeout;

describe('duration()', () => {
  it('reads iLogtail nanosecond numbers as milliseconds', () => {
    expect(millis(0)).toBe(0);
    expect(millis(5_000_000_000)).toBe(5000);
    expect(millis(1_500_000)).toBe(1.5);
    expect(millis(1)).toBe(0.000001);
  });

  it('reads each Go duration unit', () => {
    expect(millis('10ns')).toBe(0.00001);
    expect(millis('100us')).toBe(0.1);
    expect(millis('100µs')).toBe(0.1); // U+00B5 micro sign
    expect(millis('100μs')).toBe(0.1); // U+03BC Greek small letter mu
    expect(millis('500ms')).toBe(500);
    expect(millis('30s')).toBe(30_000);
    expect(millis('2m')).toBe(120_000);
    expect(millis('2h')).toBe(7_200_000);
  });

  it('reads combined, fractional and bare-zero durations as Go does', () => {
    expect(millis('1m30s')).toBe(90_000);
    expect(millis('1h2m3s4ms')).toBe(3_723_004);
    expect(millis('1.5s')).toBe(1500);
    expect(millis('.5s')).toBe(500);
    expect(millis('2.s')).toBe(2000);
    expect(millis('0.1s')).toBe(100);
    expect(millis('0')).toBe(0);
    expect(millis('+5s')).toBe(5000);
    expect(millis('1.0000000001s')).toBe(1000);
  });

  it('applies a default written in the input form', () => {
    expect(parseConfig(schema, {}).Timeout).toBe(30_000);
  });

  it('rejects anything else with what it takes', () => {
    for (const [value, given] of [
      ['5', '"5"'],
      ['5 s', '"5 s"'],
      ['5sec', '"5sec"'],
      ['-5s', '"-5s"'],
      ['', '""'],
      ['.s', '".s"'],
      ['1d', '"1d"'],
      [-1, '-1'],
      [1.5, '1.5'],
      [true, 'true'],
    ] as const) {
      expect(errorLines(() => parseConfig(schema, { Timeout: value }))).toEqual([
        `detail.Timeout: expected a duration such as "500ms" or nanoseconds as a number, given ${given}`,
      ]);
    }
  });

  it('says what it takes when a required duration is missing', () => {
    expect(errorLines(() => parseConfig(z.object({ Interval: duration() }), {}))).toEqual([
      'detail.Interval: required option missing (expected a duration such as "500ms" or nanoseconds as a number)',
    ]);
  });
});
