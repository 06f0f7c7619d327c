import { execFile } from 'node:child_process';
import { kafkaClasspath, kafkaJvmArgs, TOOL_JVM } from '../../../tooling/services/kafka.mjs';
import type { KafkaInfo } from '../../../tooling/services/types.js';

/** Every message value of `topic` from the beginning, until none came for `idleMs`. */
export async function consumeAll(
  kafka: KafkaInfo,
  topic: string,
  idleMs = 10_000,
): Promise<string> {
  const classpath = await kafkaClasspath();
  const args = [
    ...TOOL_JVM,
    ...kafkaJvmArgs('WARN'),
    '-cp',
    classpath,
    'org.apache.kafka.tools.consumer.ConsoleConsumer',
    '--bootstrap-server',
    kafka.brokers.plaintext.join(','),
    '--topic',
    topic,
    '--from-beginning',
    '--timeout-ms',
    String(idleMs),
  ];
  // It ends with a TimeoutException once no message came for idleMs: the exit code says nothing.
  return new Promise((resolve) => {
    execFile('java', args, { timeout: 120_000, maxBuffer: 256 * 1024 * 1024 }, (_error, stdout) =>
      resolve(stdout),
    );
  });
}
