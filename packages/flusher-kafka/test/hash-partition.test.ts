import { describe, expect, it } from 'vitest';
import { fnv1a32, fnv1aPartition, murmur2, murmur2Partition } from '../src/hash-partition.js';
import { kafkajsPartition } from './support/kafka.js';

const bytes = (key: string) => Buffer.from(key, 'utf8');

describe('HashFunction fnv1a (iLogtail: sarama NewHashPartitioner)', () => {
  it('is 32-bit FNV-1a (the published test vectors)', () => {
    expect(fnv1a32(bytes(''))).toBe(0x811c9dc5);
    expect(fnv1a32(bytes('a'))).toBe(0xe40c292c);
    expect(fnv1a32(bytes('foobar'))).toBe(0xbf9cf968);
  });

  // Worked by hand from sarama's rule: int32(sum) % n (truncated, as Go's %), negated when
  // negative. "a": 0xe40c292c = int32 -468965076 = -12 × 39080423 → 0 (murmur2 puts it on 4).
  it.each([
    ['a', 12, 0],
    ['b', 12, 3], // 0xe70c2de5 = -418632219; % 12 = -3 → 3
    ['foobar', 3, 0], // 0xbf9cf968 = -1080231576 = -3 × 360077192
    ['', 5, 0], // 0x811c9dc5 = -2128831035 = -5 × 425766207
    ['web-1###prod', 4, 3], // 0x063d24a7 = 104670375; % 4 = 3
    ['test-logstore', 3, 2], // 0x23925deb = 596794859; % 3 = 2
    ['user42', 10, 0], // 0xde14ec80 = -569054080
    ['héllo', 7, 4], // UTF-8 bytes; 0x4aa48540 = 1252296000; % 7 = 4
  ])('key %j with %i partitions goes to %i', (key, partitions, expected) => {
    expect(fnv1aPartition(bytes(key), partitions)).toBe(expected);
  });

  it('never gives -0 or a partition out of range', () => {
    for (let i = 0; i < 2000; i++) {
      const partition = fnv1aPartition(bytes(`key-${i}`), 7);
      expect(Object.is(partition, -0)).toBe(false);
      expect(partition).toBeGreaterThanOrEqual(0);
      expect(partition).toBeLessThan(7);
    }
  });
});

describe('HashFunction murmur2 (the Java client, kafkajs)', () => {
  it('key "a" with 12 partitions goes to 4', () => {
    expect(murmur2Partition(bytes('a'), 12)).toBe(4);
  });

  it('matches kafkajs on many keys, lengths 0 to 40, and partition counts', () => {
    for (let i = 0; i < 500; i++) {
      const key = `k${'é'.repeat(i % 3)}${'x'.repeat(i % 37)}-${i}`;
      for (const partitions of [1, 3, 4, 12, 100]) {
        expect(murmur2Partition(bytes(key), partitions)).toBe(kafkajsPartition(key, partitions));
      }
    }
    expect(murmur2(bytes(''))).toBe(murmur2(new Uint8Array()));
  });
});
