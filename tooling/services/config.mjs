// The one place for ports, test users and names. Everything binds 127.0.0.1, on ports below
// Linux's ephemeral range (32768-60999): a client socket's local port can never hold one of them
// (S3Proxy once failed to bind 39080 while a Kafka client connection sat in TIME_WAIT on it).
// The credentials are throwaway values for a loopback test server, not secrets.

export const HOST = '127.0.0.1';

export const KAFKA_PORTS = Object.freeze({
  plaintext: 29092,
  sasl: 29093, // SASL_PLAINTEXT: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512
  ssl: 29094,
  controller: 29095,
});

export const KAFKA_SASL_USERS = Object.freeze({
  plain: { mechanism: 'plain', username: 'logflush_plain', password: 'logflush-plain-secret' },
  scramSha256: {
    mechanism: 'scram-sha-256',
    username: 'logflush_scram256',
    password: 'logflush-scram256-secret',
  },
  scramSha512: {
    mechanism: 'scram-sha-512',
    username: 'logflush_scram512',
    password: 'logflush-scram512-secret',
  },
});

export const KAFKA_HEAP = '-Xmx512m';
export const KAFKA_READY_TIMEOUT_MS = 120_000;

export const S3_PORT = 29080;
export const S3_REGION = 'us-east-1';
export const S3_ACCESS_KEY_ID = 'logflush-test';
export const S3_SECRET_ACCESS_KEY = 'logflush-test-secret-key';
export const S3_BUCKET = 'logflush-test';
export const S3_HEAP = '-Xmx256m';
export const S3_READY_TIMEOUT_MS = 60_000;

export const STOP_TIMEOUT_MS = 20_000;
