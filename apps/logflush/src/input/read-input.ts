import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import os from 'node:os';
import { decodeLogGroupList, type LogGroup, type LogTag } from '@logflush/core';
import { GroupBuilder, type GroupLimits } from './group-builder.js';
import { hostIp } from './host.js';
import { readLines } from './line-reader.js';
import { InputLineError, jsonLineToLog, textLineToLog } from './parse-line.js';

export type InputFormat = 'text' | 'jsonl' | 'protobuf';

export interface InputOptions {
  /** A file path, or `-` for stdin. */
  input: string;
  format: InputFormat;
  logstore: string;
  topic: string;
  limits: GroupLimits;
  /** Reading stops (and the partial group is still returned) when this fires. */
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

function groupTags(input: string): LogTag[] {
  const tags = [{ Key: '__hostname__', Value: os.hostname() }];
  if (input !== '-') tags.push({ Key: '__path__', Value: path.resolve(input) });
  return tags;
}

async function readAll(stream: Readable, signal: AbortSignal): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    if (signal.aborted) break;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** A serialized LogGroupList, passed on unchanged. Malformed bytes throw LogGroupDecodeError. */
async function* readProtobuf(options: InputOptions): AsyncGenerator<LogGroup[]> {
  const bytes = await readAll(openInput(options.input), options.signal);
  const { logGroupList } = decodeLogGroupList(bytes);
  const logs = logGroupList.reduce((sum, group) => sum + group.Logs.length, 0);
  options.onProgress(bytes.length, logs);
  if (logGroupList.length > 0) yield logGroupList;
}

/** Lines to logs to bounded groups; yields after every chunk that completed a group. */
async function* readLineGroups(options: InputOptions): AsyncGenerator<LogGroup[]> {
  const builder = new GroupBuilder(options.limits, {
    topic: options.topic,
    source: hostIp(),
    category: options.logstore,
    tags: groupTags(options.input),
  });
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
    const groups: LogGroup[] = [];
    let logs = 0;
    for (const line of batch.lines) {
      lineNumber++;
      if (line === '') continue;
      try {
        const log = options.format === 'text' ? textLineToLog(line, now) : jsonLineToLog(line, lineNumber, now);
        const full = builder.add(log);
        if (full !== undefined) groups.push(full);
        logs++;
      } catch (error) {
        if (!(error instanceof InputLineError)) throw error;
        options.onLineError(error);
      }
    }
    // A pipe may pause for long: don't hold what it sent back waiting for more.
    if (streaming) {
      const partial = builder.take();
      if (partial !== undefined) groups.push(partial);
    }
    options.onProgress(batch.bytes, logs);
    if (groups.length > 0) yield groups;
    if (options.signal.aborted) break;
  }
  options.signal.removeEventListener('abort', stopReading);
  stream.destroy();
  const rest = builder.take();
  if (rest !== undefined) yield [rest];
}

/** The input as batches of LogGroups, read only as fast as the consumer takes them. */
export function readLogGroups(options: InputOptions): AsyncGenerator<LogGroup[]> {
  return options.format === 'protobuf' ? readProtobuf(options) : readLineGroups(options);
}
