import kafkajs, { type logCreator } from 'kafkajs';
import { redact, type Logger } from '@logflush/core';

const { logLevel } = kafkajs;

/*
 * kafkajs warns when an idempotent producer's own retries are limited. Here each request is
 * retried by the flusher with the same sequence numbers and only one request is in flight, so
 * the warning does not apply.
 */
const ignoredMessages = new Set([
  'Limiting retries for the idempotent producer may invalidate EoS guarantees',
]);

function redactValues(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return redact(value, secrets);
  if (Array.isArray(value)) return value.map((item) => redactValues(item, secrets));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, redactValues(item, secrets)]),
    );
  }
  return value;
}

/** The level kafkajs is told to log at: its info lines become debug lines here. */
export const kafkajsLogLevel = logLevel.INFO;

/**
 * Routes kafkajs's log lines to the flusher's logger: errors and warnings as warnings (the
 * flusher itself reports what could not be delivered), info as debug; secrets are redacted.
 */
export function kafkajsLogCreator(logger: Logger, secrets: readonly string[]): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const {
        message,
        timestamp: _timestamp,
        logger: _logger,
        ...extra
      } = log as {
        message: string;
        timestamp?: string;
        logger?: string;
        [field: string]: unknown;
      };
      if (ignoredMessages.has(message)) return;
      const text = redact(`kafkajs ${namespace}: ${message}`, secrets);
      const fields = redactValues(extra, secrets) as Record<string, unknown>;
      if (level === logLevel.ERROR || level === logLevel.WARN) {
        logger.warn('FLUSHER_KAFKA_CLIENT_ALARM', text, fields);
      } else {
        logger.debug(text, fields);
      }
    };
}
