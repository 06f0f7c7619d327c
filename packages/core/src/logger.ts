/**
 * The logger a flusher writes through. `warn` and `error` take an alarm type, as iLogtail's
 * `logger.Warning(ctx, "FLUSHER_FLUSH_ALARM", ...)` does, so operators can group failures.
 */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(alarmType: string, message: string, fields?: Record<string, unknown>): void;
  error(alarmType: string, message: string, fields?: Record<string, unknown>): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const levelOrder: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export interface ConsoleLoggerOptions {
  /** The least severe level written; default `info`. */
  level?: LogLevel;
  /** Where lines go; default process.stderr, so stdout stays free for data. */
  write?: (line: string) => void;
  /** Prefix fields written on every line, e.g. the config name. */
  bindings?: Record<string, unknown>;
}

/** A logger writing one JSON line per entry to stderr. */
export function createConsoleLogger(options: ConsoleLoggerOptions = {}): Logger {
  const threshold = levelOrder[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const bindings = options.bindings ?? {};
  const emit = (
    level: LogLevel,
    message: string,
    alarmType: string | undefined,
    fields: Record<string, unknown> | undefined,
  ) => {
    if (levelOrder[level] < threshold) return;
    const entry = {
      time: new Date().toISOString(),
      level,
      ...(alarmType === undefined ? {} : { alarm: alarmType }),
      ...bindings,
      message,
      ...fields,
    };
    write(`${JSON.stringify(entry)}\n`);
  };
  return {
    debug: (message, fields) => emit('debug', message, undefined, fields),
    info: (message, fields) => emit('info', message, undefined, fields),
    warn: (alarmType, message, fields) => emit('warn', message, alarmType, fields),
    error: (alarmType, message, fields) => emit('error', message, alarmType, fields),
  };
}
