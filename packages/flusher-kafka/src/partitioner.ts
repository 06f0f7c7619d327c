import { randomInt } from 'node:crypto';
import type { PartitionInfo } from './clients/client.js';
import type { FlusherKafkaConfig } from './config.js';
import { hashPartition } from './hash-partition.js';
import type { OutgoingMessage } from './message-builder.js';

/** Picks a partition for a message of a topic with these partitions (ids 0 … n-1). */
export type Partitioner = (
  message: OutgoingMessage,
  partitions: readonly PartitionInfo[],
) => number;

/**
 * The flusher's own partitioner, the same whichever client sends:
 *
 * - random: a random partition that has a leader (any partition when none has);
 * - roundrobin: the next partition that has a leader, per topic (kafkajs's and the Java client's
 *   rule for messages without a key, starting at a random place);
 * - hash: by the key (HashKeys), with HashFunction: murmur2 (the Java client's and kafkajs's) or
 *   fnv1a (iLogtail's, sarama's), over all partitions, leader or not, so that a key always lands
 *   on the same partition.
 */
export function createPartitioner(
  type: FlusherKafkaConfig['PartitionerType'],
  hashFunction: FlusherKafkaConfig['HashFunction'],
): Partitioner {
  const serving = (partitions: readonly PartitionInfo[]) => {
    const available = partitions.filter((partition) => partition.hasLeader);
    return available.length > 0 ? available : partitions;
  };
  if (type === 'random') {
    return (_message, partitions) => {
      const choices = serving(partitions);
      return choices[Math.floor(Math.random() * choices.length)]!.id;
    };
  }
  const counters = new Map<string, number>();
  const roundRobin: Partitioner = (message, partitions) => {
    const choices = serving(partitions);
    const next = (counters.get(message.topic) ?? randomInt(2 ** 31)) + 1;
    counters.set(message.topic, next & 0x7fffffff);
    return choices[next % choices.length]!.id;
  };
  if (type === 'roundrobin') return roundRobin;
  const hash = hashPartition[hashFunction];
  return (message, partitions) =>
    message.key === null ? roundRobin(message, partitions) : hash(message.key, partitions.length);
}
