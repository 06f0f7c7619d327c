import type { z } from 'zod';
import type { ConfigIssue } from './config-error.js';
import { changeNoteOf } from './changed-options.js';
import { formatConfigPath } from './config-path.js';
import { describeAny, formatGiven } from './describe.js';
import { type Schema, schemasAtPath } from './schema-walk.js';
import { mapSecrets, redacted } from './secret.js';

/** Codes whose message is best told as "expected <what the option accepts>, given <value>". */
const expectationCodes = new Set([
  'invalid_type',
  'invalid_value',
  'invalid_union',
  'invalid_format',
  'too_small',
  'too_big',
  'not_multiple_of',
]);

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, segment))
      return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

function startsWith(path: readonly PropertyKey[], prefix: readonly PropertyKey[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment);
}

/**
 * Turns zod's issues for `input` into config issues that say where, what was expected and what
 * was given, never showing a secret. Issues at or below an `alreadyReported` path are dropped.
 */
export function describeZodIssues(
  schema: Schema,
  input: unknown,
  zodIssues: readonly z.core.$ZodIssue[],
  basePath: string,
  alreadyReported: readonly PropertyKey[][],
): ConfigIssue[] {
  const shown = mapSecrets([schema], input, () => redacted, 'input');
  return zodIssues
    .filter((issue) => !alreadyReported.some((reported) => startsWith(issue.path, reported)))
    .map((issue) => {
      const path = formatConfigPath(basePath, issue.path);
      if (issue.code === 'custom') return { path, message: issue.message };
      const value = valueAt(input, issue.path);
      const shownValue = valueAt(shown, issue.path);
      const given =
        shownValue !== value && shownValue === redacted ? redacted : formatGiven(shownValue);
      const schemas = expectationCodes.has(issue.code)
        ? schemasAtPath(schema, issue.path, 'input')
        : [];
      const expected = schemas.length > 0 ? describeAny(schemas) : undefined;
      const note = changeNoteOf(schemas);
      if (expected === undefined) {
        return value === undefined
          ? { path, message: issue.message }
          : { path, message: `${issue.message}, given ${given}`, given };
      }
      if (value === undefined && typeof issue.path.at(-1) === 'string') {
        return { path, message: `required option missing (expected ${expected})`, expected };
      }
      const message = `expected ${expected}, given ${given}`;
      return {
        path,
        message: note === undefined ? message : `${message} (${note})`,
        expected,
        given,
      };
    });
}
