import kafkajs, { type ICustomPartitioner, type Message, type PartitionerArgs } from 'kafkajs';
import type { FlusherKafkaConfig } from './config.js';

type Partitioner = (args: PartitionerArgs) => number;

function randomPartitioner(): Partitioner {
  return ({ partitionMetadata }) => {
    const available = partitionMetadata.filter((partition) => partition.leader >= 0);
    const choices = available.length > 0 ? available : partitionMetadata;
    return choices[Math.floor(Math.random() * choices.length)]!.partitionId;
  };
}

/**
 * random: a random partition that has a leader. roundrobin and hash: kafkajs's default
 * partitioner, which spreads keyless messages round-robin and puts a keyed message on
 * murmur2(key) mod partitions, as the Java client does (the flusher sets keys only for hash).
 *
 * A message keeps the partition it was first given (written into its `partition`, which kafkajs
 * honours): kafkajs partitions again on every retry, and a retried batch must be the same batch,
 * or an idempotent producer's sequence numbers no longer match what the broker already wrote
 * (OUT_OF_ORDER_SEQUENCE_NUMBER, or duplicates).
 */
export function createPartitioner(type: FlusherKafkaConfig['PartitionerType']): ICustomPartitioner {
  return () => {
    const choose =
      type === 'random' ? randomPartitioner() : kafkajs.Partitioners.DefaultPartitioner();
    return (args) => {
      const message: Message = args.message;
      message.partition ??= choose(args);
      return message.partition;
    };
  };
}
