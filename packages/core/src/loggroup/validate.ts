import type { LogGroup, LogGroupList } from './types.js';

/** Where a value that cannot be encoded sits, and what is wrong with it. */
export interface EncodeProblem {
  /** e.g. `Logs[3].Contents[0].Value`; empty for the message itself. */
  path: string;
  problem: string;
}

/**
 * A problem below some value: `where` continues that value's path (`''`, `.Key`, `[3].Value`).
 * Paths are only built once a problem is found: this check runs before every encode, over every
 * field, and must not allocate on valid input.
 */
interface Found {
  where: string;
  problem: string;
}

const maxUint32 = 0xffffffff;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  }
  return typeof value;
}

function isAbsent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

function uint32Problem(value: unknown): string | undefined {
  const ok =
    typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= maxUint32;
  return ok
    ? undefined
    : `must be a uint32 (an integer from 0 to ${maxUint32}), got ${describe(value)}`;
}

function stringProblem(value: unknown): string | undefined {
  return typeof value === 'string' ? undefined : `must be a string, got ${describe(value)}`;
}

function objectProblem(value: unknown): string | undefined {
  const ok = typeof value === 'object' && value !== null && !Array.isArray(value);
  return ok ? undefined : `must be an object, got ${describe(value)}`;
}

/** A repeated field: absent (encoded as no elements) or an array. */
function repeatedProblem(value: unknown): string | undefined {
  return isAbsent(value) || Array.isArray(value)
    ? undefined
    : `must be an array, got ${describe(value)}`;
}

function found(where: string, problem: string | undefined): Found | undefined {
  return problem === undefined ? undefined : { where, problem };
}

/** The elements of a repeated field, each checked by `check`. */
function elementsProblem(
  value: unknown,
  check: (element: unknown) => Found | undefined,
): Found | undefined {
  const notRepeated = repeatedProblem(value);
  if (notRepeated !== undefined) return { where: '', problem: notRepeated };
  if (isAbsent(value)) return undefined;
  const elements = value as unknown[];
  for (let i = 0; i < elements.length; i++) {
    const inner = check(elements[i]);
    if (inner !== undefined) return { where: `[${i}]${inner.where}`, problem: inner.problem };
  }
  return undefined;
}

/** Log.Content and LogTag: `{ Key, Value }`, both required strings. */
function pairProblem(pair: unknown): Found | undefined {
  const notObject = objectProblem(pair);
  if (notObject !== undefined) return { where: '', problem: notObject };
  const { Key, Value } = pair as { Key?: unknown; Value?: unknown };
  return found('.Key', stringProblem(Key)) ?? found('.Value', stringProblem(Value));
}

function stringElementProblem(value: unknown): Found | undefined {
  return found('', stringProblem(value));
}

function logProblem(log: unknown): Found | undefined {
  const notObject = objectProblem(log);
  if (notObject !== undefined) return { where: '', problem: notObject };
  const { Time, Contents, Values, Time_ns } = log as Record<string, unknown>;
  const time = found('.Time', uint32Problem(Time));
  if (time !== undefined) return time;
  const contents = elementsProblem(Contents, pairProblem);
  if (contents !== undefined)
    return { where: `.Contents${contents.where}`, problem: contents.problem };
  const values = elementsProblem(Values, stringElementProblem);
  if (values !== undefined) return { where: `.Values${values.where}`, problem: values.problem };
  return isAbsent(Time_ns) ? undefined : found('.Time_ns', uint32Problem(Time_ns));
}

/**
 * The first field of `group` that protobufjs would fail on or silently write wrong (a missing
 * `Key`, a `Time` in milliseconds, a number where a string belongs), or undefined when it can be
 * encoded. The generated encoder does not check, so the codec asks this first.
 */
export function findEncodeProblem(group: LogGroup, path = ''): EncodeProblem | undefined {
  const notObject = objectProblem(group);
  if (notObject !== undefined) return { path, problem: notObject };
  const prefix = path === '' ? '' : `${path}.`;
  const inGroup = (field: string, inner: Found | undefined): EncodeProblem | undefined =>
    inner === undefined
      ? undefined
      : { path: `${prefix}${field}${inner.where}`, problem: inner.problem };
  return (
    inGroup('Logs', elementsProblem(group.Logs, logProblem)) ??
    inGroup(
      'Category',
      found('', isAbsent(group.Category) ? undefined : stringProblem(group.Category)),
    ) ??
    inGroup('Topic', found('', isAbsent(group.Topic) ? undefined : stringProblem(group.Topic))) ??
    inGroup(
      'Source',
      found('', isAbsent(group.Source) ? undefined : stringProblem(group.Source)),
    ) ??
    inGroup(
      'MachineUUID',
      found('', isAbsent(group.MachineUUID) ? undefined : stringProblem(group.MachineUUID)),
    ) ??
    inGroup('LogTags', elementsProblem(group.LogTags, pairProblem))
  );
}

/** The first field of `list` that cannot be encoded, or undefined; paths start at `logGroupList`. */
export function findListEncodeProblem(list: LogGroupList): EncodeProblem | undefined {
  const notObject = objectProblem(list);
  if (notObject !== undefined) return { path: '', problem: notObject };
  const groups: unknown = list.logGroupList;
  const notRepeated = repeatedProblem(groups);
  if (notRepeated !== undefined) return { path: 'logGroupList', problem: notRepeated };
  if (isAbsent(groups)) return undefined;
  const entries = groups as LogGroup[];
  for (let i = 0; i < entries.length; i++) {
    const problem = findEncodeProblem(entries[i] as LogGroup, `logGroupList[${i}]`);
    if (problem !== undefined) return problem;
  }
  return undefined;
}
