import type { SASLOptions } from 'kafkajs';
import type { FlusherKafkaConfig } from './config.js';

const mechanisms = {
  PLAIN: 'plain',
  'SCRAM-SHA-256': 'scram-sha-256',
  'SCRAM-SHA-512': 'scram-sha-512',
} as const;

/**
 * kafkajs's `sasl` option, or undefined without SASL. A new object on every call: kafkajs adds
 * an authentication provider to the object it is given and keeps using it, so a shared object
 * would carry one client's credentials into another.
 */
export function saslOptions(
  authentication: FlusherKafkaConfig['Authentication'],
): SASLOptions | undefined {
  const { PlainText, SASL } = authentication;
  if (SASL !== undefined) {
    return {
      mechanism: mechanisms[SASL.SaslMechanism],
      username: SASL.Username,
      password: SASL.Password,
    };
  }
  if (PlainText !== undefined && PlainText.Username !== '') {
    return { mechanism: 'plain', username: PlainText.Username, password: PlainText.Password };
  }
  return undefined;
}
