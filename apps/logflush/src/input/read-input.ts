import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import os from 'node:os';
import type { Pipeline } from '@logflush/pipeline';
import { readLines } from './line-reader.js';
import { decodeLogGroupStream } from './protobuf-stream.js';
import { InputLineError, lineToLog, type LineFormat } from './parse-line.js';

export type InputFormat = LineFormat | 'protobuf';

export interface InputOptions {
  /** A file path, or `-` for stdin. */
  input: string;
  format: InputFormat;
  /** Reading stops when this fires; what was read is still in the pipeline. */
  signal: AbortSignal;
  onProgress(bytes: number, logs: number): void;
  onLineError(error: InputLineError): void;
}

/** Total bytes of the input when known (a regular file), for the progress bar. */
export function inputSize(input: string): number | undefined {
  if (input === '-') return undefined;
  const stat = fs.statSync(input);
  return stat.isFile() ? stat.size : undefined;
}

function openInput(input: string): Readable {
  if (input === '-') return process.stdin;
  return fs.createReadStream(input, { highWaterMark: 256 * 1024 });
}

/** The tags of every group read from `input`: `__hostname__`, and `__path__` for a file. */
export function inputTags(input: string): Record<string, string> {
  const tags: Record<string, string> = { __hostname__: os.hostname() };
  if (input !== '-') tags.__path__ = path.resolve(input);
  return tags;
}

/**
 * A serialized LogGroupList, passed on unchanged, decoded group by group as it streams in (only
 * the group being read is held). Malformed bytes throw LogGroupDecodeError; the groups before
 * them have been written.
 */
export async function readProtobuf(
  pipeline: Pipeline,
  options: Pick<InputOptions, 'input' | 'signal' | 'onProgress'>,
): Promise<void> {
  const stream = openInput(options.input);
  try {
    for await (const { groups, bytes } of decodeLogGroupStream(stream)) {
      const logs = groups.reduce((sum, group) => sum + group.Logs.length, 0);
      options.onProgress(bytes, logs);
      if (groups.length > 0 && !pipeline.writeGroups(groups)) await pipeline.ready();
      if (options.signal.aborted) break;
    }
  } finally {
    stream.destroy();
  }
}

/** Lines to logs, written to the pipeline only as fast as it takes them (ready()). */
async function readLineLogs(pipeline: Pipeline, options: InputOptions): Promise<void> {
  if (options.signal.aborted) return;
  const streaming = options.input === '-';
  const stream = openInput(options.input);
  // A signal ends the read even while it waits for a slow pipe.
  const stopReading = () => stream.destroy();
  options.signal.addEventListener('abort', stopReading, { once: true });
  let lineNumber = 0;
  const batches = readLines(stream);
  for (;;) {
    let next: IteratorResult<{ lines: string[]; bytes: number }>;
    try {
      next = await batches.next();
    } catch (error) {
      if (options.signal.aborted) break;
      throw error;
    }
    if (next.done === true) break;
    const batch = next.value;
    const now = Math.floor(Date.now() / 1000);
    let logs = 0;
    for (const line of batch.lines) {
      lineNumber++;
      if (line === '') continue;
      let log;
      try {
        log = lineToLog(options.format as LineFormat, line, lineNumber, now);
      } catch (error) {
        if (!(error instanceof InputLineError)) throw error;
        options.onLineError(error);
        continue;
      }
      logs++;
      if (!pipeline.write(log)) await pipeline.ready();
    }
    options.onProgress(batch.bytes, logs);
    // A pipe may pause for long: don't hold what it sent back waiting for more.
    if (streaming) await pipeline.flush();
    if (options.signal.aborted) break;
  }
  options.signal.removeEventListener('abort', stopReading);
  stream.destroy();
}

/** Reads the whole input into the pipeline; the caller closes it. */
export function readInto(pipeline: Pipeline, options: InputOptions): Promise<void> {
  return options.format === 'protobuf'
    ? readProtobuf(pipeline, options)
    : readLineLogs(pipeline, options);
}
