export { parseConfig, type ParseConfigOptions } from './parse.js';
export { configJsonSchema } from './json-schema.js';
export { ConfigError, type ConfigIssue } from './config-error.js';
export { formatConfigPath } from './config-path.js';
export { duration } from './duration.js';
export { secret, isSecret, redactConfig, secretValues, redact } from './secret.js';
export type { EnvMap } from './env.js';
export { renamedOptions, withChangeNote } from './changed-options.js';
