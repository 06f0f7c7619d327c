import os from 'node:os';
import { nearestMatch } from '@logflush/core';
import type { PipelineConfig, PipelineOptions } from './pipeline.js';

/*
 * The options every logger integration (@logflush/pino, @logflush/winston) takes beside its own,
 * checked once, here: a logger's options name the flushers (or a pipeline file) and the
 * pipeline's bounds, and a wrong one is an error naming its path before anything starts.
 */

/** A logger integration's option that is not valid; the message names the option path. */
export class PipelineOptionsError extends TypeError {
  constructor(
    /** The option at fault, e.g. `options.whenFull`. */
    readonly path: string,
    /** What is wrong with it, e.g. `expected "block" or "drop", given "wait"`. */
    readonly detail: string,
    /** Who reports it, e.g. `@logflush/pino`. */
    label = '',
  ) {
    super(`${label === '' ? '' : `${label}: `}${path}: ${detail}`);
    this.name = 'PipelineOptionsError';
  }
}

/**
 * The options of a logger integration that become the pipeline's config and options: the
 * pipeline's own (PipelineOptions, documented there) and the flushers or a pipeline file.
 */
export interface LoggerPipelineOptions extends Omit<
  PipelineOptions,
  'tags' | 'logger' | 'resolveFrom'
> {
  /** The flushers, as a pipeline file lists them: `[{ type: 'flusher_file', detail: { … } }]`. */
  flushers?: readonly unknown[];
  /** Instead of `flushers`: a pipeline file (iLogtail JSON or LoongCollector YAML). */
  pipeline?: string;
  /** Each group's LogTags (numbers become text); default the process's `{ hostname, pid }` (hostTags). */
  tags?: Record<string, string | number>;
}

export const loggerPipelineOptionNames: ReadonlyArray<keyof LoggerPipelineOptions> = [
  'flushers',
  'pipeline',
  'plugins',
  'project',
  'logstore',
  'topic',
  'source',
  'tags',
  'configName',
  'maxGroupLogs',
  'maxGroupBytes',
  'lingerMs',
  'flushWindow',
  'maxBufferedLogs',
  'whenFull',
  'drainTimeoutMs',
];

/** The default LogTags of a logger integration: the process's host name and pid. */
export function hostTags(): { hostname: string; pid: string } {
  return { hostname: os.hostname(), pid: String(process.pid) };
}

const shown = (value: unknown): string =>
  value === undefined ? 'nothing' : (JSON.stringify(value) ?? typeof value);

export interface CheckSettings {
  /** Prefix of every path; default `options`. */
  readonly prefix?: string;
  /** Who reports (`@logflush/pino`), put before the path in the message. */
  readonly label?: string;
  /** When given, any other key is an unknown option (with the nearest known one). */
  readonly known?: readonly string[];
  /** Plugins may be plugin objects, not only package names (not across a worker thread). */
  readonly pluginObjects?: boolean;
}

/**
 * A whole number of at least `min`, or with `allowInfinity` also Infinity (given as the number,
 * or as the string "Infinity", which is what a JSON config can carry).
 */
export function wholeOption(
  path: string,
  value: unknown,
  min: number,
  allowInfinity = false,
  label = '',
): number | undefined {
  if (value === undefined) return undefined;
  const number = allowInfinity && value === 'Infinity' ? Infinity : value;
  if (allowInfinity && number === Infinity) return Infinity;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < min) {
    const expected = `a whole number ≥ ${min}${allowInfinity ? ' or Infinity' : ''}`;
    throw new PipelineOptionsError(path, `expected ${expected}, given ${shown(value)}`, label);
  }
  return number;
}

/** `whenFull`: `block` or `drop`. */
export function whenFullOption(path: string, value: unknown, label = ''): 'block' | 'drop' {
  if (value === undefined || value === 'block' || value === 'drop') return value ?? 'block';
  throw new PipelineOptionsError(path, `expected "block" or "drop", given ${shown(value)}`, label);
}

/**
 * Checks a logger integration's pipeline options and turns them into the pipeline's config and
 * options (tags default to hostTags, numbers in tags become text). Throws PipelineOptionsError
 * naming the option; the flushers' own options are checked by preparePipeline (PipelineConfigError).
 */
export function loggerPipeline(
  given: LoggerPipelineOptions & Record<string, unknown>,
  settings: CheckSettings = {},
): { config: PipelineConfig; options: PipelineOptions } {
  const prefix = settings.prefix ?? 'options';
  const label = settings.label ?? '';
  const fail = (name: string, detail: string): never => {
    throw new PipelineOptionsError(`${prefix}.${name}`, detail, label);
  };
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new PipelineOptionsError(prefix, `expected an object, given ${shown(given)}`, label);
  }
  if (settings.known !== undefined) {
    for (const key of Object.keys(given)) {
      if (settings.known.includes(key)) continue;
      const guess = nearestMatch(key, settings.known);
      fail(
        key,
        `unknown option${guess === undefined ? '' : `. Did you mean "${guess}"?`} Known options: ${settings.known.join(', ')}`,
      );
    }
  }
  const text = (name: keyof LoggerPipelineOptions): string | undefined => {
    const value = given[name];
    if (value !== undefined && typeof value !== 'string')
      fail(name, `expected a string, given ${shown(value)}`);
    return value as string | undefined;
  };
  const pipelineFile = text('pipeline');
  const { flushers } = given;
  if (pipelineFile !== undefined && flushers !== undefined)
    fail('pipeline', 'give either flushers or pipeline (a pipeline file), not both');
  if (pipelineFile === undefined && flushers === undefined)
    fail(
      'flushers',
      'required: a list of flushers ([{ type: "flusher_file", detail: { FilePath: "…" } }]), or pipeline: a pipeline file',
    );
  if (flushers !== undefined && (!Array.isArray(flushers) || flushers.length === 0))
    fail('flushers', `expected a non-empty list of flushers, given ${shown(flushers)}`);
  const { plugins } = given;
  const pluginOk = (entry: unknown) =>
    typeof entry === 'string' ||
    (settings.pluginObjects === true && typeof entry === 'object' && entry !== null);
  if (plugins !== undefined && (!Array.isArray(plugins) || !plugins.every(pluginOk)))
    fail('plugins', `expected a list of package names or paths, given ${shown(plugins)}`);
  let tags: Record<string, string> = hostTags();
  if (given.tags !== undefined) {
    if (typeof given.tags !== 'object' || given.tags === null || Array.isArray(given.tags))
      fail('tags', `expected an object of strings, given ${shown(given.tags)}`);
    tags = {};
    for (const [key, value] of Object.entries(given.tags)) {
      if (typeof value !== 'string' && typeof value !== 'number')
        fail(`tags.${key}`, `expected a string, given ${shown(value)}`);
      tags[key] = String(value);
    }
  }
  const whole = (name: keyof LoggerPipelineOptions, min: number, allowInfinity = false) =>
    wholeOption(`${prefix}.${name}`, given[name], min, allowInfinity, label);
  const options: PipelineOptions = {
    plugins: plugins ?? [],
    project: text('project'),
    logstore: text('logstore'),
    topic: text('topic'),
    source: text('source'),
    configName: text('configName'),
    tags,
    maxGroupLogs: whole('maxGroupLogs', 1),
    maxGroupBytes: whole('maxGroupBytes', 1),
    lingerMs: whole('lingerMs', 0, true),
    flushWindow: whole('flushWindow', 1),
    maxBufferedLogs: whole('maxBufferedLogs', 1),
    whenFull: whenFullOption(`${prefix}.whenFull`, given.whenFull, label),
    drainTimeoutMs: whole('drainTimeoutMs', 0, true),
  };
  for (const key of Object.keys(options) as Array<keyof PipelineOptions>)
    if (options[key] === undefined) delete options[key];
  const config: PipelineConfig =
    pipelineFile === undefined ? { flushers: flushers as unknown[] } : { pipeline: pipelineFile };
  return { config, options };
}
