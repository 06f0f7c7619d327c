// The services by name, for the CLI and the vitest global setup.
import {
  kafkaEnv,
  kafkaStatus,
  releaseKafka,
  restartKafka,
  startKafkaDetailed,
  stopKafka,
} from '../kafka.mjs';
import { releaseS3, restartS3, s3Env, s3Status, startS3Detailed, stopS3 } from '../s3.mjs';

export const SERVICES = {
  kafka: {
    start: startKafkaDetailed,
    stop: stopKafka,
    restart: restartKafka,
    release: releaseKafka,
    status: kafkaStatus,
    env: kafkaEnv,
  },
  s3: {
    start: startS3Detailed,
    stop: stopS3,
    restart: restartS3,
    release: releaseS3,
    status: s3Status,
    env: s3Env,
  },
};

export function serviceNames(list) {
  const names = list.length ? list : Object.keys(SERVICES);
  for (const name of names) {
    if (!SERVICES[name])
      throw new Error(`unknown service '${name}' (known: ${Object.keys(SERVICES).join(', ')})`);
  }
  return names;
}
