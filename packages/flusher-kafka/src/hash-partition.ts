/*
 * The two hash partitioners HashFunction chooses between, written from their definitions:
 *
 * - murmur2: the Java client's (and kafkajs's) default partitioner for keyed messages:
 *   toPositive(murmur2(key)) % partitions, toPositive(x) = x & 0x7fffffff, with Kafka's murmur2
 *   (seed 0x9747b28c).
 * - fnv1a: iLogtail's, i.e. sarama's NewHashPartitioner: 32-bit FNV-1a of the key,
 *   int32(sum) % partitions (a truncated remainder, as Go's %), negated when negative.
 *
 * Keys are hashed as their UTF-8 bytes.
 */

/** Kafka's murmur2 of `data` (a signed 32-bit integer), as org.apache.kafka.common.utils.Utils.murmur2. */
export function murmur2(data: Uint8Array): number {
  const m = 0x5bd1e995;
  const length = data.length;
  let h = (0x9747b28c ^ length) | 0;
  const whole = length - (length % 4);
  for (let i = 0; i < whole; i += 4) {
    let k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m) ^ k;
  }
  switch (length % 4) {
    case 3:
      h ^= data[whole + 2]! << 16;
    // falls through
    case 2:
      h ^= data[whole + 1]! << 8;
    // falls through
    case 1:
      h ^= data[whole]!;
      h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

/** 32-bit FNV-1a of `data`, unsigned (Go's hash/fnv New32a().Sum32()). */
export function fnv1a32(data: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < data.length; i++) {
    hash ^= data[i]!;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The partition the Java client puts `key` on. */
export function murmur2Partition(key: Uint8Array, partitions: number): number {
  return (murmur2(key) & 0x7fffffff) % partitions;
}

/** The partition sarama's hash partitioner (iLogtail's) puts `key` on. */
export function fnv1aPartition(key: Uint8Array, partitions: number): number {
  // Go's % truncates as JavaScript's does; negating a negative remainder is Math.abs (which also
  // turns JavaScript's -0 into 0).
  return Math.abs((fnv1a32(key) | 0) % partitions);
}

export const hashFunctions = ['murmur2', 'fnv1a'] as const;
export type HashFunction = (typeof hashFunctions)[number];

export const hashPartition: Readonly<
  Record<HashFunction, (key: Uint8Array, partitions: number) => number>
> = { murmur2: murmur2Partition, fnv1a: fnv1aPartition };
