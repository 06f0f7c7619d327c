import type { PipelineConfig, PipelineOptions } from '@logflush/pipeline';

/** The `options` of `pino.transport({ target: '@logflush/pino', options })`: JSON-clonable. */
export interface PinoTransportOptions {
  /** The flushers, as a pipeline file's `flushers` list (`[{ type, detail }]` or `[{ Type, ... }]`). */
  flushers?: readonly unknown[];
  /** Instead of `flushers`: a pipeline file (iLogtail JSON, or LoongCollector YAML). */
  pipeline?: string;
  /** Third-party plugin packages (or paths) to load, as `@logflush/pipeline`'s `plugins`. */
  plugins?: readonly string[];
  /** Passed to the flushers; default `logflush`. */
  project?: string;
  /** Passed to the flushers and each group's Category; default `default`. */
  logstore?: string;
  /** Each group's Topic; default empty. */
  topic?: string;
  /** Each group's Source; default the host's first non-internal IPv4 address. */
  source?: string;
  /** Each group's LogTags; default `{ hostname, pid }` of the process. */
  tags?: Record<string, string | number>;
  /** `level` as pino's label (`info`, default) or pino's number (`30`). */
  levels?: 'label' | 'number';
  /** The config name the flushers are given; default the pipeline file, or `pino`. */
  configName?: string;
  /** Most logs in a LogGroup; default 1024. */
  maxGroupLogs?: number;
  /** Most content bytes in a LogGroup; default 1 MiB. */
  maxGroupBytes?: number;
  /** How long a partial group waits for more logs; default 1000 ms. */
  lingerMs?: number;
  /** The most logs the transport holds that the flushers have not resolved; default 4096. */
  maxBufferedLogs?: number;
  /** At maxBufferedLogs: `block` (stop reading for up to maxBlockMs, then drop) or `drop` at once; default `block`. */
  whenFull?: 'block' | 'drop';
  /** With `block`: how long to wait for a flusher that is not ready before dropping (counted); default 5000; `Infinity`: never drop. */
  maxBlockMs?: number;
  /** On close, how long to wait for a flusher that is not ready; default 30000 (pino gives an exiting process 10 s). */
  drainTimeoutMs?: number;
}

/** What the worker runs: the pipeline's config and options, and the transport's own settings. */
export interface ResolvedOptions {
  config: PipelineConfig;
  pipelineOptions: PipelineOptions;
  levels: 'label' | 'number';
  whenFull: 'block' | 'drop';
  maxBlockMs: number;
  /** Default tags are the process's hostname and pid: the records' own equal fields are not repeated. */
  defaultTags: { hostname: string; pid: number } | undefined;
}

const known: ReadonlyArray<keyof PinoTransportOptions> = [
  'flushers',
  'pipeline',
  'plugins',
  'project',
  'logstore',
  'topic',
  'source',
  'tags',
  'levels',
  'configName',
  'maxGroupLogs',
  'maxGroupBytes',
  'lingerMs',
  'maxBufferedLogs',
  'whenFull',
  'maxBlockMs',
  'drainTimeoutMs',
];

const injectedKeys = new Set(['$context', 'pinoWillSendConfig']);

/** A transport option that is not valid: its message names the option path. */
export class PinoOptionsError extends TypeError {
  constructor(
    /** The option at fault, e.g. `options.levels`. */
    readonly path: string,
    message: string,
  ) {
    super(`@logflush/pino: ${path}: ${message}`);
    this.name = 'PinoOptionsError';
  }
}

const shown = (value: unknown) => JSON.stringify(value) ?? String(value);

function nearest(name: string): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const saved = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = saved;
    }
  }
  return row[b.length]!;
}

function text(options: Record<string, unknown>, key: string): string | undefined {
  const value = options[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new PinoOptionsError(`options.${key}`, `expected a string, given ${shown(value)}`);
  }
  return value;
}

function count(
  options: Record<string, unknown>,
  key: string,
  allowInfinity = false,
): number | undefined {
  const value = options[key];
  if (value === undefined) return undefined;
  // JSON cannot carry Infinity: pino clones options with structured clone, which can; a string
  // "Infinity" (from a JSON config) is accepted too.
  const number = allowInfinity && value === 'Infinity' ? Infinity : value;
  const ok =
    typeof number === 'number' &&
    ((allowInfinity && number === Infinity) || (Number.isInteger(number) && number >= 0));
  if (!ok) {
    throw new PinoOptionsError(
      `options.${key}`,
      `expected a whole number ≥ 0${allowInfinity ? ' or Infinity' : ''}, given ${shown(value)}`,
    );
  }
  return number;
}

/**
 * Checks the transport options and turns them into the pipeline's config and options. Throws
 * PinoOptionsError naming the option path; the flushers' own options are checked by the pipeline
 * (PipelineConfigError, with each problem's path).
 */
export function resolveOptions(
  given: unknown,
  host: { hostname: string; pid: number },
): ResolvedOptions {
  if (given === undefined || given === null) given = {};
  if (typeof given !== 'object' || Array.isArray(given)) {
    throw new PinoOptionsError('options', `expected an object, given ${shown(given)}`);
  }
  // pino and thread-stream add their own keys to the worker's options.
  const options = Object.fromEntries(
    Object.entries(given as Record<string, unknown>).filter(([key]) => !injectedKeys.has(key)),
  ) as Record<string, unknown>;
  for (const key of Object.keys(options)) {
    if (!(known as readonly string[]).includes(key)) {
      const guess = nearest(key);
      throw new PinoOptionsError(
        `options.${key}`,
        `unknown option${guess === undefined ? '' : `. Did you mean "${guess}"?`} Known options: ${known.join(', ')}`,
      );
    }
  }
  const pipelineFile = text(options, 'pipeline');
  const flushers = options.flushers;
  if (pipelineFile !== undefined && flushers !== undefined) {
    throw new PinoOptionsError(
      'options.pipeline',
      'give either flushers or pipeline (a pipeline file), not both',
    );
  }
  if (pipelineFile === undefined && flushers === undefined) {
    throw new PinoOptionsError(
      'options.flushers',
      'required: a list of flushers ([{ type: "flusher_file", detail: { FilePath: "…" } }]), or options.pipeline: a pipeline file',
    );
  }
  if (flushers !== undefined && (!Array.isArray(flushers) || flushers.length === 0)) {
    throw new PinoOptionsError(
      'options.flushers',
      `expected a non-empty list of flushers, given ${shown(flushers)}`,
    );
  }
  const plugins = options.plugins;
  if (
    plugins !== undefined &&
    (!Array.isArray(plugins) || plugins.some((entry) => typeof entry !== 'string'))
  ) {
    throw new PinoOptionsError(
      'options.plugins',
      `expected a list of package names or paths, given ${shown(plugins)}`,
    );
  }
  const levels = options.levels ?? 'label';
  if (levels !== 'label' && levels !== 'number') {
    throw new PinoOptionsError(
      'options.levels',
      `expected "label" or "number", given ${shown(levels)}`,
    );
  }
  const whenFull = options.whenFull ?? 'block';
  if (whenFull !== 'block' && whenFull !== 'drop') {
    throw new PinoOptionsError(
      'options.whenFull',
      `expected "block" or "drop", given ${shown(whenFull)}`,
    );
  }
  let tags: Record<string, string>;
  let defaultTags: ResolvedOptions['defaultTags'];
  if (options.tags === undefined) {
    tags = { hostname: host.hostname, pid: String(host.pid) };
    defaultTags = host;
  } else {
    if (typeof options.tags !== 'object' || options.tags === null || Array.isArray(options.tags)) {
      throw new PinoOptionsError(
        'options.tags',
        `expected an object of strings, given ${shown(options.tags)}`,
      );
    }
    tags = {};
    for (const [key, value] of Object.entries(options.tags)) {
      if (typeof value !== 'string' && typeof value !== 'number') {
        throw new PinoOptionsError(
          `options.tags.${key}`,
          `expected a string, given ${shown(value)}`,
        );
      }
      tags[key] = String(value);
    }
  }
  const positive = (key: string, allowInfinity = false) => {
    const value = count(options, key, allowInfinity);
    if (value === 0 && !allowInfinity) {
      throw new PinoOptionsError(`options.${key}`, 'expected a whole number ≥ 1, given 0');
    }
    return value;
  };
  const maxBlockMs = count(options, 'maxBlockMs', true) ?? 5000;
  const pipelineOptions: PipelineOptions = {
    plugins: (plugins as string[] | undefined) ?? [],
    project: text(options, 'project'),
    logstore: text(options, 'logstore'),
    topic: text(options, 'topic'),
    source: text(options, 'source'),
    configName: text(options, 'configName') ?? (pipelineFile === undefined ? 'pino' : undefined),
    tags,
    maxGroupLogs: positive('maxGroupLogs'),
    maxGroupBytes: positive('maxGroupBytes'),
    lingerMs: count(options, 'lingerMs', true),
    maxBufferedLogs: positive('maxBufferedLogs'),
    drainTimeoutMs: count(options, 'drainTimeoutMs', true),
    whenFull: 'block',
  };
  for (const key of Object.keys(pipelineOptions) as Array<keyof PipelineOptions>) {
    if (pipelineOptions[key] === undefined) delete pipelineOptions[key];
  }
  return {
    config:
      pipelineFile === undefined ? { flushers: flushers as unknown[] } : { pipeline: pipelineFile },
    pipelineOptions,
    levels,
    whenFull,
    maxBlockMs,
    defaultTags,
  };
}
