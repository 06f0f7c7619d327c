import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { createPipeline, type Pipeline, type PipelineOutcome } from '@logflush/pipeline';
import build from 'pino-abstract-transport';
import { resolveOptions, type PinoTransportOptions } from './options.js';
import { pinoRecordMapper } from './record.js';

/** What the transport reports when it closes (also emitted on the main thread's transport stream as `logflush:outcome`). */
export interface PinoTransportOutcome extends PipelineOutcome {
  /** Of `dropped`: logs the transport dropped because a flusher was not ready (whenFull). */
  droppedWhenFull: number;
}

/** The event name under which the outcome reaches the main thread's transport stream. */
export const outcomeEvent = 'logflush:outcome';

interface PinoSource extends NodeJS.ReadWriteStream {
  levels?: { labels?: Record<string, string> };
  readableLength: number;
  writableLength: number;
  isPaused(): boolean;
}

/** Stands for a line read while dropping (not parsed). */
const skipped: Record<string, unknown> = Object.freeze({});

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Sends an event to the main thread's ThreadStream (thread-stream's EVENT message). */
function emitToMain(name: string, value: unknown): void {
  try {
    parentPort?.postMessage({ code: 'EVENT', name, args: [value] });
  } catch {
    // not clonable or the port is closed: the stderr report still says it
  }
}

/**
 * The transport builder pino's worker thread calls with `options`: checks them, starts a
 * pipeline (an invalid config or a failed flusher init rejects, which pino's worker reports to
 * the main thread's transport stream as an 'error'), and returns the pino-abstract-transport
 * stream that feeds it. Its close awaits `pipeline.close()`, so ending the transport delivers
 * everything written before.
 */
export default async function logflushTransport(
  options: PinoTransportOptions = {},
): Promise<NodeJS.ReadWriteStream> {
  const settings = resolveOptions(options, { hostname: os.hostname(), pid: process.pid });
  let pipeline: Pipeline;
  try {
    pipeline = await createPipeline(settings.config, settings.pipelineOptions);
  } catch (error) {
    // Structured clone keeps only name, message and stack: the message must say it all.
    const message = (error as Error).message;
    throw new Error(`@logflush/pino: ${message}`, { cause: error });
  }
  const willSendConfig =
    (workerData as { workerData?: { pinoWillSendConfig?: boolean } } | null)?.workerData
      ?.pinoWillSendConfig === true;

  let droppedWhenFull = 0;
  let dropping = false;
  let warned = false;
  let waiting: Promise<void> | undefined;

  const startDropping = () => {
    dropping = true;
    if (!warned) {
      warned = true;
      process.stderr.write(
        `@logflush/pino: a flusher is not ready and the transport holds ${settings.pipelineOptions.maxBufferedLogs ?? 4096} logs: dropping new logs until it is ready (whenFull ${settings.whenFull}, maxBlockMs ${settings.maxBlockMs}); they are counted\n`,
      );
    }
    void pipeline.ready().then(() => {
      dropping = false;
    });
  };

  const stream = build(
    (source: PinoSource) => {
      const toLog = pinoRecordMapper({
        levels: settings.levels,
        labels: source.levels?.labels,
        omit: settings.defaultTags,
      });
      source.on('data', (record: Record<string, unknown>) => {
        if (dropping || record === skipped) {
          droppedWhenFull++;
          return;
        }
        if (pipeline.write(toLog(record))) return;
        if (settings.whenFull === 'drop' || settings.maxBlockMs === 0) {
          startDropping();
          return;
        }
        // block: stop reading (pino's thread-stream holds what the app logs meanwhile) until the
        // pipeline takes more, for at most maxBlockMs; then drop until it does.
        source.pause();
        let timer: NodeJS.Timeout | undefined;
        const timedOut = Number.isFinite(settings.maxBlockMs)
          ? new Promise<boolean>((resolve) => {
              timer = setTimeout(() => resolve(true), settings.maxBlockMs);
            })
          : new Promise<boolean>(() => {});
        waiting = Promise.race([pipeline.ready().then(() => false), timedOut]).then((late) => {
          clearTimeout(timer);
          waiting = undefined;
          if (late) startDropping();
          source.resume();
        });
      });
    },
    {
      expectPinoConfig: willSendConfig,
      // While dropping, a line is not even parsed: the worker keeps up with the app at less cost.
      parseLine: (line: string): unknown => (dropping ? skipped : JSON.parse(line)),
      close: async () => {
        const outcome = await pipeline.close();
        const report: PinoTransportOutcome = {
          ...outcome,
          dropped: outcome.dropped + droppedWhenFull,
          droppedWhenFull,
        };
        if (report.undelivered > 0 || report.dropped > 0) {
          process.stderr.write(
            `@logflush/pino: ${report.delivered} logs delivered, ${report.undelivered} not delivered, ${report.dropped} dropped${report.flushers
              .flatMap((flusher) => flusher.errors.map((error) => `\n  ${flusher.name}: ${error}`))
              .join('')}\n`,
          );
        }
        emitToMain(outcomeEvent, report);
      },
    },
  ) as unknown as PinoSource & { flush?: () => Promise<void> };

  // logger.flush() → thread-stream's flush → this, once the worker has read every byte written
  // so far: wait until those lines are in the pipeline, then until it has delivered them.
  stream.flush = async () => {
    while (stream.writableLength > 0 || stream.readableLength > 0 || waiting !== undefined) {
      if (waiting !== undefined) await waiting;
      else await sleep(1);
    }
    await pipeline.flush();
  };
  return stream;
}
