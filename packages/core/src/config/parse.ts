import type { z } from 'zod';
import { ConfigError } from './config-error.js';
import { formatGiven } from './describe.js';
import type { EnvMap } from './env.js';
import { normalizeConfig } from './normalize.js';
import { isPlainObject } from './schema-walk.js';
import { describeZodIssues } from './zod-issues.js';

export interface ParseConfigOptions {
  /** Where `${VAR}` references are looked up; `process.env` by default. */
  readonly env?: EnvMap;
}

/**
 * Decodes a plugin's `detail` (docs/design.md §3): option names match ignoring case, missing options take
 * their defaults, `${VAR}` / `${VAR:default}` in strings come from the environment (`$$` is a
 * literal `$`). Throws a `ConfigError` listing every problem at once, each under its path
 * (`path` names `detail` itself, e.g. `flushers[1].detail`), with secrets never shown.
 */
export function parseConfig<S extends z.ZodObject>(
  schema: S,
  detail: unknown,
  path = 'detail',
  options: ParseConfigOptions = {},
): z.output<S> {
  const given = detail ?? {};
  if (!isPlainObject(given)) {
    const expected = 'an object of options';
    const shown = formatGiven(given);
    throw new ConfigError([
      { path, message: `expected ${expected}, given ${shown}`, expected, given: shown },
    ]);
  }
  const normalized = normalizeConfig(schema, given, options.env ?? process.env, path);
  const result = schema.safeParse(normalized.value);
  const issues = [...normalized.issues];
  if (!result.success) {
    issues.push(
      ...describeZodIssues(
        schema,
        normalized.value,
        result.error.issues,
        path,
        normalized.reported,
      ),
    );
  }
  // A failed parse always leaves an issue: its own, or one that normalizing reported first.
  if (!result.success || issues.length > 0) throw new ConfigError(issues);
  return result.data;
}
