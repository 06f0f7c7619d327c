import type { Writable } from 'node:stream';
import type { LineSink } from './sink.js';

/**
 * Writes to process.stdout. Each write waits for the stream's callback, so a slow reader holds
 * the pipeline back and nothing is left in memory when `flush` resolves.
 */
export class StdoutSink implements LineSink {
  constructor(private readonly stream: Writable = process.stdout) {}

  async write(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    await new Promise<void>((resolve, reject) => {
      this.stream.write(lines.join(''), (error) => (error ? reject(error) : resolve()));
    });
  }

  async close(): Promise<void> {
    // Every write already completed before its flush resolved.
  }
}
