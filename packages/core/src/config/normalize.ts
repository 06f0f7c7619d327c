import { z } from 'zod';
import { nearestMatch } from '../nearest.js';
import { replacementOf } from './changed-options.js';
import type { ConfigIssue } from './config-error.js';
import { formatConfigPath } from './config-path.js';
import { type EnvMap, substituteEnv } from './env.js';
import {
  type Schema,
  isPlainObject,
  itemSchemas,
  matchOptionName,
  objectView,
  structuralSchemas,
} from './schema-walk.js';

export interface Normalized {
  /** The config with option names spelled as the schema spells them and `${VAR}`s replaced. */
  readonly value: unknown;
  readonly issues: ConfigIssue[];
  /** Paths whose values are already reported as wrong, so validation must not report them again. */
  readonly reported: PropertyKey[][];
}

interface Walk {
  readonly env: EnvMap;
  readonly basePath: string;
  readonly issues: ConfigIssue[];
  readonly reported: PropertyKey[][];
}

/**
 * Prepares a raw `detail` for validation against `schema`: option names match ignoring case at
 * every object level (record keys are kept as given), a name given twice in different cases or
 * a name that is no option is reported, and `${VAR}` references in strings are replaced.
 */
export function normalizeConfig(
  schema: Schema,
  detail: unknown,
  env: EnvMap,
  basePath: string,
): Normalized {
  const walk: Walk = { env, basePath, issues: [], reported: [] };
  const value = normalizeValue([schema], detail, [], walk);
  return { value, issues: walk.issues, reported: walk.reported };
}

function normalizeValue(
  candidates: readonly Schema[],
  value: unknown,
  path: PropertyKey[],
  walk: Walk,
): unknown {
  if (typeof value === 'string') return normalizeString(candidates, value, path, walk);
  if (Array.isArray(value)) {
    return value.map((item, index) =>
      normalizeValue(itemSchemas(candidates, index, 'input'), item, [...path, index], walk),
    );
  }
  if (isPlainObject(value)) return normalizeObject(candidates, value, path, walk);
  return value;
}

function normalizeObject(
  candidates: readonly Schema[],
  value: Record<string, unknown>,
  path: PropertyKey[],
  walk: Walk,
): Record<string, unknown> {
  const view = objectView(candidates, 'input');
  const result: Record<string, unknown> = {};
  const givenAs = new Map<string, string>();
  for (const [key, item] of Object.entries(value)) {
    const name = view ? matchOptionName(key, view.names) : undefined;
    if (view && name === undefined && !view.acceptsOtherKeys) {
      walk.issues.push(
        unknownOption(
          key,
          view.names,
          replacementOf(view.objects, key),
          [...path, key],
          walk.basePath,
        ),
      );
      continue;
    }
    const option = name ?? key;
    const first = givenAs.get(option);
    if (first !== undefined) {
      walk.issues.push({
        path: formatConfigPath(walk.basePath, [...path, option]),
        message: `given twice, as "${first}" and "${key}" (option names ignore case); keep one`,
      });
      walk.reported.push([...path, option]);
      continue;
    }
    givenAs.set(option, key);
    const schemas = !view
      ? []
      : name === undefined
        ? view.otherKeySchemas
        : view.optionSchemas(name);
    Object.defineProperty(result, option, {
      value: normalizeValue(schemas, item, [...path, option], walk),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}

function unknownOption(
  key: string,
  names: readonly string[],
  replacement: string | undefined,
  path: PropertyKey[],
  basePath: string,
): ConfigIssue {
  if (replacement !== undefined) {
    return {
      path: formatConfigPath(basePath, path),
      message: `no longer an option: write ${replacement} instead`,
    };
  }
  const suggestion = nearestMatch(key, names);
  const hint = suggestion === undefined ? '' : ` Did you mean "${suggestion}"?`;
  const known =
    names.length === 0 ? ' This object takes no options.' : ` Known options: ${names.join(', ')}`;
  return { path: formatConfigPath(basePath, path), message: `unknown option.${hint}${known}` };
}

/**
 * Replaces `${VAR}`s; a string made by substitution becomes a number or boolean when the option
 * takes only numbers or booleans, since an environment variable can only hold text.
 */
function normalizeString(
  candidates: readonly Schema[],
  value: string,
  path: PropertyKey[],
  walk: Walk,
): unknown {
  const { value: text, substituted, errors } = substituteEnv(value, walk.env);
  for (const message of errors)
    walk.issues.push({ path: formatConfigPath(walk.basePath, path), message });
  if (errors.length > 0) walk.reported.push(path);
  if (!substituted) return text;
  const leaves = candidates.flatMap((c) => structuralSchemas(c, 'input'));
  if (leaves.length === 0) return text;
  const takesNumber = leaves.some((s) => s instanceof z.core.$ZodNumber);
  const takesBoolean = leaves.some((s) => s instanceof z.core.$ZodBoolean);
  if (!leaves.every((s) => s instanceof z.core.$ZodNumber || s instanceof z.core.$ZodBoolean))
    return text;
  if (takesNumber && /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(text)) return Number(text);
  if (takesBoolean && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}
