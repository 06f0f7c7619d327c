import { describe, expect, it } from 'vitest';
import { compareUtf8 } from '../../src/convert/index.js';

describe('compareUtf8', () => {
  it('sorts as Go sort.Strings does (UTF-8 bytes), not as UTF-16 code units', () => {
    // Go: sort.Strings([]string{"\uffff", "😀", "\ue000", "a", "B", "", "é"}) gives this order.
    const keys = ['\uffff', '😀', '\ue000', 'a', 'B', '', 'é'];
    expect([...keys].sort(compareUtf8)).toEqual(['', 'B', 'a', 'é', '\ue000', '\uffff', '😀']);
  });

  it('puts a prefix first and treats equal strings as equal', () => {
    expect(compareUtf8('host', 'host.ip')).toBeLessThan(0);
    expect(compareUtf8('host.ip', 'hostname')).toBeLessThan(0);
    expect(compareUtf8('same', 'same')).toBe(0);
    expect(compareUtf8('😀b', '😀a')).toBeGreaterThan(0);
    expect(compareUtf8('😀', '😁')).toBeLessThan(0);
  });
});
