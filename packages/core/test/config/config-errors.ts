import { expect } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/index.js';
import type { z } from 'zod';

/** Runs `parse`, which must throw a ConfigError, and returns the error. */
export function configErrorOf(parse: () => unknown): ConfigError {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError, but the config was accepted');
}

/** The lines of the ConfigError that `parse` throws. */
export function errorLines(parse: () => unknown): string[] {
  return configErrorOf(parse).message.split('\n');
}

/** `path: message` of every issue `parseConfig(schema, detail)` reports; [] when it accepts. */
export function configProblems(
  schema: z.ZodObject,
  detail: unknown,
  path = 'flushers[0].detail',
): string[] {
  try {
    parseConfig(schema, detail, path);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  return [];
}
