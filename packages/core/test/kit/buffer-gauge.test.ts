import { describe, expect, it } from 'vitest';
import { BufferGauge } from '../../src/index.js';

describe('BufferGauge', () => {
  it('is full at its limit and tracks the bytes in flight', () => {
    const gauge = new BufferGauge(100);
    gauge.hold(60);
    expect(gauge.full).toBe(false);
    gauge.hold(40);
    expect(gauge.full).toBe(true);
    gauge.startSending(70);
    expect(gauge.inFlight).toBe(70);
    expect(gauge.held).toBe(100);
    gauge.endSending(70);
    expect(gauge.inFlight).toBe(0);
    expect(gauge.held).toBe(30);
    expect(gauge.full).toBe(false);
    gauge.release(30);
    expect(gauge.held).toBe(0);
  });

  it('without a limit is never full', () => {
    const gauge = new BufferGauge();
    gauge.hold(Number.MAX_SAFE_INTEGER);
    expect(gauge.full).toBe(false);
  });
});
