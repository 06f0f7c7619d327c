import {
  loggerPipeline,
  loggerPipelineOptionNames,
  PipelineOptionsError,
  wholeOption,
  whenFullOption,
  type LoggerPipelineOptions,
  type PipelineConfig,
  type PipelineOptions,
} from '@logflush/pipeline';

/**
 * The `options` of `pino.transport({ target: '@logflush/pino', options })`: JSON-clonable. The
 * pipeline's options are @logflush/pipeline's (LoggerPipelineOptions, documented there); plugins
 * are package names or paths only, since they cross into pino's worker thread.
 */
export interface PinoTransportOptions extends Omit<LoggerPipelineOptions, 'plugins'> {
  /** Third-party plugin packages (or paths) to load, as `@logflush/pipeline`'s `plugins`. */
  plugins?: readonly string[];
  /** `level` as pino's label (`info`, default) or pino's number (`30`). */
  levels?: 'label' | 'number';
  /** With `whenFull: 'block'`: how long to wait for a flusher that is not ready before dropping (counted); default 5000; `Infinity`: never drop. */
  maxBlockMs?: number;
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

/** pino's own options beside the pipeline's (loggerPipelineOptionNames). */
const known: readonly string[] = [...loggerPipelineOptionNames, 'levels', 'maxBlockMs'];

const injectedKeys = new Set(['$context', 'pinoWillSendConfig']);

const label = '@logflush/pino';

/** A transport option that is not valid: its message names the option path. */
export class PinoOptionsError extends PipelineOptionsError {
  constructor(
    /** The option at fault, e.g. `options.levels`. */
    path: string,
    detail: string,
  ) {
    super(path, detail, label);
    this.name = 'PinoOptionsError';
  }
}

const shown = (value: unknown) => JSON.stringify(value) ?? String(value);

/**
 * Checks the transport options and turns them into the pipeline's config and options (the
 * shared checks of @logflush/pipeline's loggerPipeline, plus `levels` and `maxBlockMs`). Throws
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
  try {
    const levels = options.levels ?? 'label';
    if (levels !== 'label' && levels !== 'number') {
      throw new PinoOptionsError(
        'options.levels',
        `expected "label" or "number", given ${shown(levels)}`,
      );
    }
    const { config, options: pipelineOptions } = loggerPipeline(
      { ...options, whenFull: undefined },
      { known, label },
    );
    const whenFull = whenFullOption('options.whenFull', options.whenFull, label);
    const maxBlockMs =
      wholeOption('options.maxBlockMs', options.maxBlockMs, 0, true, label) ?? 5000;
    // The transport drops by itself (after maxBlockMs): the pipeline always holds what it took.
    pipelineOptions.whenFull = 'block';
    if (pipelineOptions.configName === undefined && 'flushers' in config)
      pipelineOptions.configName = 'pino';
    return {
      config,
      pipelineOptions,
      levels,
      whenFull,
      maxBlockMs,
      defaultTags: options.tags === undefined ? host : undefined,
    };
  } catch (error) {
    if (error instanceof PipelineOptionsError && !(error instanceof PinoOptionsError))
      throw new PinoOptionsError(error.path, error.detail);
    throw error;
  }
}
