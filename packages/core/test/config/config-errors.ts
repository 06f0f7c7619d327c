import { expect } from 'vitest';
import { ConfigError } from '../../src/config/index.js';

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
