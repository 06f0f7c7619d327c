import { createConsoleLogger, type Logger } from '@logflush/core';
import {
  createPipeline,
  loggerPipeline,
  resolveFlusherEntries,
  type LoggerPipelineOptions,
  type Pipeline,
  type PipelineMetrics,
  type PipelineOutcome,
  type ResolveFrom,
} from '@logflush/pipeline';
import TransportStream from 'winston-transport';
import { flushAtExit, forgetAtExit, type ExitFlushable } from './exit-flush.js';
import { infoToLog } from './info-to-log.js';

/**
 * winston's transport options and the pipeline's (LoggerPipelineOptions of @logflush/pipeline,
 * documented there; `configName` defaults to `winston`, `tags` to the process's hostname and pid).
 */
export interface LogflushTransportOptions
  extends TransportStream.TransportStreamOptions, LoggerPipelineOptions {
  /** Where plugin packages are resolved from; default `process.cwd()`. */
  resolveFrom?: ResolveFrom;
  /** Where the pipeline and its flushers report (alarms, retries); default JSON lines on stderr. */
  logger?: Logger;
  /** The transport's name in winston; default `logflush`. */
  name?: string;
}

/** What the transport did: the pipeline's outcome plus how often logging waited. */
export interface LogflushOutcome extends PipelineOutcome {
  /** How many times log() waited for the pipeline (whenFull `block`). */
  blocked: number;
  /** Milliseconds log() spent waiting in total. */
  blockedMs: number;
}

export interface LogflushMetrics extends PipelineMetrics {
  blocked: number;
  blockedMs: number;
}

/** A winston WriteReq as `logv` gets it. */
interface WriteRequest {
  chunk: Record<string | symbol, unknown>;
}

interface WritableState {
  ending: boolean;
}

/** The winston logger that pipes into the transport (winston-transport sets `parent` on pipe). */
interface Parent {
  writableLength: number;
  readableLength: number;
  unpipe(destination: NodeJS.WritableStream): void;
}

let quietStart = false;

/**
 * A winston 3 transport that ships every log through a logflush pipeline (`@logflush/pipeline`)
 * to its flushers: flusher_file, flusher_kafka, flusher_s3 or a third-party plugin.
 *
 * - The constructor throws for a bad option of its own and for a config whose shape is wrong
 *   (`PipelineConfigError` with the option path). What needs the plugins (an unknown type, a bad
 *   flusher option, a package not installed) and what the flushers' `init` finds (an unreachable
 *   broker) is found while the pipeline starts: emitted as the transport's `error` event, which
 *   winston re-emits on the logger (`logger.on('error', (error, transport) => …)`).
 *   `await LogflushTransport.create(options)` rejects with it instead.
 * - `logger.end()` ends the transport; its `finish` (and so the logger's) comes after the pipeline
 *   has drained and stopped every flusher. `close()` does the same and resolves with the outcome.
 *   An app that just returns: when the event loop empties (`beforeExit`) while the pipeline holds
 *   logs, the transport flushes them, which keeps the process alive until they are delivered.
 * - Back-pressure: when the pipeline is full, `log()` waits for it (`block`), so winston's stream
 *   buffers what is logged meanwhile; with `whenFull: 'drop'` the log is dropped and counted.
 */
export class LogflushTransport extends TransportStream implements ExitFlushable {
  /** Resolves when the pipeline runs; rejects with why it could not start (also emitted as `error`). */
  readonly started: Promise<void>;
  readonly #drop: boolean;
  #pipeline: Pipeline | undefined;
  #startError: Error | undefined;
  #lost = 0;
  #blocked = 0;
  #blockedMs = 0;
  #waiting: Promise<void> | undefined;
  #shutdown: Promise<LogflushOutcome> | undefined;
  #closeRequested = false;
  #endRequested: Promise<void> | undefined;
  #exitFlush: Promise<void> | undefined;
  #resolveClosed!: (outcome: LogflushOutcome) => void;
  readonly #closed: Promise<LogflushOutcome>;

  /**
   * Creates the transport and waits until its pipeline runs. Rejects with the config error
   * (`PipelineConfigError`, with every problem and its path) or the init failure, instead of
   * emitting them as an `error` event.
   */
  static async create(options: LogflushTransportOptions): Promise<LogflushTransport> {
    quietStart = true;
    let transport: LogflushTransport;
    try {
      transport = new LogflushTransport(options);
    } finally {
      quietStart = false;
    }
    await transport.started;
    return transport;
  }

  constructor(options: LogflushTransportOptions) {
    // The options every logger integration shares are checked by the pipeline, with their paths.
    const { config, options: pipelineOptions } = loggerPipeline(
      options as LoggerPipelineOptions & Record<string, unknown>,
      { label: 'LogflushTransport', pluginObjects: true },
    );
    const { name, level, format, silent, handleExceptions, handleRejections } = options;
    super({ level, format, silent, handleExceptions, handleRejections });
    (this as { name?: string }).name = name ?? 'logflush';
    const quiet = quietStart;
    if (options.resolveFrom !== undefined) pipelineOptions.resolveFrom = options.resolveFrom;
    const file = 'pipeline' in config ? config.pipeline : undefined;
    const label = options.configName ?? 'winston';
    // What is wrong with the config's shape throws here, with its path; the rest needs the plugins.
    resolveFlusherEntries(config, label);
    if (file === undefined) pipelineOptions.configName = label;
    pipelineOptions.logger = this.#alarmsAsWarnings(
      options.logger ?? createConsoleLogger({ bindings: { config: file ?? label } }),
    );
    this.#drop = pipelineOptions.whenFull === 'drop';
    this.#closed = new Promise((resolve) => (this.#resolveClosed = resolve));
    this.started = createPipeline(config, pipelineOptions).then(
      (pipeline) => {
        this.#pipeline = pipeline;
      },
      (error: unknown) => {
        forgetAtExit(this);
        const failure = error instanceof Error ? error : new Error(String(error));
        this.#startError = failure;
        if (!quiet) process.nextTick(() => this.emit('error', failure));
        throw failure;
      },
    );
    // Awaiting `started` still rejects; unawaited, the failure is the `error` event only.
    this.started.catch(() => {});
    flushAtExit(this);
  }

  /**
   * The event loop is empty (`beforeExit`) and the transport was not ended: the app returned.
   * Hands over what the pipeline holds; the flush's I/O keeps the process alive until it is done.
   * With nothing held it schedules nothing, so that the process can exit.
   */
  flushBeforeExit(): void {
    if (this.#exitFlush !== undefined || this.#pipeline === undefined) return;
    if (this.#pipeline.metrics().buffered === 0) return;
    // Failures are counted by the pipeline and reported as `warn` events.
    this.#exitFlush = this.flush()
      .catch(() => {})
      .finally(() => (this.#exitFlush = undefined));
  }

  /**
   * The pipeline's logger, with every error alarm (a flush that failed after its retries, a
   * flusher that stopped with losses) also emitted as the transport's `warn` event, which winston
   * re-emits on the logger.
   */
  #alarmsAsWarnings(logger: Logger): Logger {
    return {
      debug: (message, fields) => logger.debug(message, fields),
      info: (message, fields) => logger.info(message, fields),
      warn: (alarm, message, fields) => logger.warn(alarm, message, fields),
      error: (alarm, message, fields) => {
        logger.error(alarm, message, fields);
        this.emit('warn', Object.assign(new Error(message), { alarm }));
      },
    };
  }

  /** The running pipeline (its flushers and their counters); undefined until started. */
  get pipeline(): Pipeline | undefined {
    return this.#pipeline;
  }

  /** winston's single write: one info, after the transport's format. */
  override log(info: Record<string | symbol, unknown>, callback: () => void): void {
    const pipeline = this.#pipeline;
    if (pipeline === undefined) {
      if (this.#startError !== undefined) {
        this.#lost++;
        callback();
        return;
      }
      const retry = () => this.log(info, callback);
      this.started.then(retry, retry);
      return;
    }
    if (pipeline.write(infoToLog(info)) || this.#drop) {
      callback();
      return;
    }
    // At the pipeline's bound (block): the log is accepted; winston waits before the next one.
    this.#blocked++;
    const since = Date.now();
    const waiting = pipeline.ready().then(() => {
      this.#blockedMs += Date.now() - since;
      if (this.#waiting === waiting) this.#waiting = undefined;
      callback();
    });
    this.#waiting = waiting;
  }

  /**
   * winston's batched write (the stream had several infos queued): each through the transport's
   * format and log(), in order, waiting where log() waits, so that the stream's back-pressure holds.
   * The requests' own callbacks are called by the stream after `callback`.
   */
  override logv(requests: WriteRequest[], callback: () => void): void {
    let index = 0;
    const next = (): void => {
      while (index < requests.length) {
        let info: Record<string | symbol, unknown> | false = requests[index++]!.chunk;
        if (this.format !== undefined) {
          try {
            info = this.format.transform(
              { ...info } as Parameters<typeof this.format.transform>[0],
              this.format.options,
            ) as typeof info;
          } catch (error) {
            this.emit('warn', error);
            continue;
          }
          if (!info) continue;
        }
        let sync = true;
        let done = false;
        this.log(info, () => {
          done = true;
          if (!sync) next();
        });
        sync = false;
        if (!done) return;
      }
      callback();
    };
    next();
  }

  /**
   * Resolves when everything logged so far has been resolved by every flusher (delivered, or
   * counted as not delivered): what winston's streams still hold first, then the pipeline's flush().
   */
  async flush(): Promise<void> {
    await this.started;
    for (;;) {
      const parent = (this as { parent?: Parent | null }).parent;
      const queued =
        this.writableLength + (parent ? parent.writableLength + parent.readableLength : 0);
      if (queued === 0 && this.#waiting === undefined) break;
      await (this.#waiting ?? new Promise<void>((resolve) => setImmediate(resolve)));
    }
    await this.#pipeline!.flush();
  }

  /** The pipeline's counters now, with how often and how long log() waited. */
  metrics(): LogflushMetrics {
    const metrics: PipelineMetrics = this.#pipeline?.metrics() ?? {
      written: 0,
      buffered: 0,
      delivered: 0,
      undelivered: 0,
      dropped: 0,
      flushers: [],
    };
    return {
      ...metrics,
      written: metrics.written + this.#lost,
      dropped: metrics.dropped + this.#lost,
      blocked: this.#blocked,
      blockedMs: this.#blockedMs,
    };
  }

  /**
   * Ends the transport and resolves with the outcome after `finish`; the same promise every time.
   * What the logger queued for the transport before the call is logged first; then the transport
   * leaves the logger (as `logger.remove` does), drains the pipeline and stops every flusher.
   * winston calls it when the transport is removed (`logger.remove`, `logger.close()`).
   */
  // winston calls close() on unpipe and ignores what it returns; a caller may await the outcome.
  // eslint-disable-next-line @typescript-eslint/no-misused-promises
  override close(): Promise<LogflushOutcome> {
    if (!this.#closeRequested) {
      this.#closeRequested = true;
      void this.#endAfterLogger();
    }
    return this.#closed;
  }

  /**
   * Ends the stream once the logger has handed over what it queued. winston's logger ends its
   * transports from its own `_final`, when its writable side is done but its readable side may
   * still hold infos it has not piped yet (the transport was applying back-pressure: the pipeline
   * still starting, or full): ending at once would make those writes `write after end` errors
   * (and lose them). So the end waits until the logger's buffers are empty or it stops piping here.
   */
  // Writable's end() overloads (callback, chunk, encoding) are forwarded as they came.
  override end(...args: unknown[]): this {
    const end = (): void => {
      (super.end as (...args: unknown[]) => unknown).apply(this, args);
    };
    if (this.#parentHolds()) {
      this.#endRequested ??= this.#parentDrained();
      void this.#endRequested.then(end);
    } else if (this.#endRequested !== undefined) {
      // An earlier end() still waits: this one comes after it, in order.
      void this.#endRequested.then(end);
    } else {
      end();
    }
    return this;
  }

  /** Whether the logger piping into the transport still holds infos not handed over yet. */
  #parentHolds(): boolean {
    const parent = (this as { parent?: Parent | null }).parent;
    const state = (this as unknown as { _writableState: WritableState })._writableState;
    return !!parent && !state.ending && parent.writableLength + parent.readableLength > 0;
  }

  /** Resolves once the logger holds nothing for the transport (or no longer pipes into it). */
  async #parentDrained(): Promise<void> {
    while (this.#parentHolds()) await new Promise<void>((resolve) => setImmediate(resolve));
  }

  /** Waits until the logger has handed over what it queued, leaves it, then ends the stream. */
  async #endAfterLogger(): Promise<void> {
    const state = (this as unknown as { _writableState: WritableState })._writableState;
    const parent = (this as { parent?: Parent | null }).parent;
    if (parent) {
      await this.#parentDrained();
      if ((this as { parent?: Parent | null }).parent === parent) parent.unpipe(this);
    }
    if (!state.ending) this.end();
  }

  /** Called by the stream once every write has been logged: the pipeline's close(), then `finish`. */
  override _final(callback: (error?: Error | null) => void): void {
    void this.#stop().then((outcome) => {
      callback();
      // After `finish` (emitted on the next tick), so that close() resolves after it.
      setImmediate(() => this.#resolveClosed(outcome));
    });
  }

  #stop(): Promise<LogflushOutcome> {
    forgetAtExit(this);
    this.#shutdown ??= (async (): Promise<LogflushOutcome> => {
      let outcome: PipelineOutcome;
      try {
        await this.started;
        outcome = await this.#pipeline!.close();
      } catch {
        outcome = { delivered: 0, undelivered: 0, dropped: 0, flushers: [] };
      }
      const result: LogflushOutcome = {
        ...outcome,
        dropped: outcome.dropped + this.#lost,
        blocked: this.#blocked,
        blockedMs: this.#blockedMs,
      };
      if (result.undelivered > 0 || result.dropped > 0) {
        const reasons = result.flushers.flatMap((flusher) =>
          flusher.errors.map((error) => `${flusher.name}: ${error}`),
        );
        this.emit(
          'warn',
          new Error(
            `LogflushTransport: ${result.undelivered} logs not delivered, ${result.dropped} dropped${reasons.length > 0 ? ` (${reasons.slice(0, 3).join('; ')})` : ''}`,
          ),
        );
      }
      return result;
    })();
    return this.#shutdown;
  }
}
