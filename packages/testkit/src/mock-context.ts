import {
  createMetrics,
  type FlusherContext,
  type FlusherMetrics,
  type Logger,
} from '@logflush/core';

export interface CapturedLogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  alarmType?: string;
  message: string;
  fields?: Record<string, unknown>;
}

export interface MockContext extends FlusherContext {
  /** Every line written through `logger`, in order. */
  readonly lines: CapturedLogLine[];
  readonly metrics: FlusherMetrics;
  /** Fires `signal`, as a pipeline teardown would. */
  abort(): void;
}

export interface MockContextOptions {
  project?: string;
  logstore?: string;
  configName?: string;
}

/** A FlusherContext that records log lines and counters instead of printing them. */
export function mockContext(options: MockContextOptions = {}): MockContext {
  const lines: CapturedLogLine[] = [];
  const controller = new AbortController();
  const logger: Logger = {
    debug: (message, fields) => lines.push({ level: 'debug', message, fields }),
    info: (message, fields) => lines.push({ level: 'info', message, fields }),
    warn: (alarmType, message, fields) => lines.push({ level: 'warn', alarmType, message, fields }),
    error: (alarmType, message, fields) =>
      lines.push({ level: 'error', alarmType, message, fields }),
  };
  return {
    configName: options.configName ?? 'test-config',
    project: options.project ?? 'test-project',
    logstore: options.logstore ?? 'test-logstore',
    logger,
    metrics: createMetrics(),
    signal: controller.signal,
    lines,
    abort: () => controller.abort(),
  };
}
