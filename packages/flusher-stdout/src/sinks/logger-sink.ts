import type { Logger } from '@logflush/core';
import type { LineSink } from './sink.js';

/** iLogtail's fallback with neither OnlyStdout nor FileName: each line at info level. */
export class LoggerSink implements LineSink {
  constructor(private readonly logger: Logger) {}

  async write(lines: readonly string[]): Promise<void> {
    for (const line of lines) this.logger.info(line.endsWith('\n') ? line.slice(0, -1) : line);
  }

  async close(): Promise<void> {}
}
