import { describe, expect, it } from 'vitest';
import { formatConfigPath } from '../../src/config/index.js';

describe('formatConfigPath', () => {
  it('joins names with dots and indexes with brackets', () => {
    expect(formatConfigPath('flushers[1].detail', ['Authentication', 'SASL', 'Password'])).toBe(
      'flushers[1].detail.Authentication.SASL.Password',
    );
    expect(formatConfigPath('detail', ['Brokers', 0])).toBe('detail.Brokers[0]');
  });

  it('quotes names that are not identifiers', () => {
    expect(formatConfigPath('detail', ['Headers', 'X-Trace'])).toBe('detail.Headers["X-Trace"]');
    expect(formatConfigPath('detail', ['TagFieldsRename', 'host.name'])).toBe(
      'detail.TagFieldsRename["host.name"]',
    );
  });

  it('starts without a dot when there is no base', () => {
    expect(formatConfigPath('', ['Topic'])).toBe('Topic');
    expect(formatConfigPath('', [0, 'Topic'])).toBe('[0].Topic');
    expect(formatConfigPath('detail')).toBe('detail');
  });
});
