import fs from 'node:fs';
import os from 'node:os';
import type { Log, LogGroup } from '@logflush/core';
import { GroupBuilder, hostIp, type Pipeline } from '@logflush/pipeline';
import { fileKey, fingerprintBytes, type CheckpointStore } from '../checkpoint.js';
import {
  FileSet,
  matchesFingerprint,
  readChunk,
  startFromCheckpoint,
  type TrackedFile,
} from './file-set.js';
import { expandGlob } from './glob.js';
import { InputLineError, lineToLog, textLineToLog, type LineFormat } from './parse-line.js';

/** Bytes read from a file at a time. */
export const chunkBytes = 256 * 1024;
/** A line longer than this is cut here (the rest is the next line). */
export const maxLineBytes = 16 * 1024 * 1024;
/**
 * Lines are decoded from pieces of at most this many bytes (cut at a "\n"): a string of a whole
 * 256 KiB chunk would be a large object that every line sliced from it keeps alive, and that only
 * a full collection frees, which lets the heap, and the peak RSS, grow with the input.
 */
const pieceBytes = 32 * 1024;

export interface FileReadOptions {
  patterns: readonly string[];
  format: LineFormat;
  follow: boolean;
  /** Files never seen before start at their end (`--from end`). */
  fromEnd: boolean;
  /** How often paths and globs are looked at again (rotation, truncation, new files). */
  pollMs: number;
  signal: AbortSignal;
  checkpoint: CheckpointStore | undefined;
  project: { topic: string; logstore: string; source?: string };
  maxGroupLogs: number;
  maxGroupBytes: number;
  /** Line numbers in messages name the file (several inputs). */
  namePaths: boolean;
  onProgress(bytes: number, logs: number): void;
  onLineError(error: InputLineError): void;
  info(message: string): void;
  warn(message: string): void;
}

/** What the metrics report per input file. */
export interface FileStats {
  path: string;
  bytesRead: number;
  lines: number;
  /** Bytes between what was consumed and the file's end, at the last look. */
  behind(): number;
}

/** The files being read, for the metrics. */
export class FileReader {
  readonly #set: FileSet;
  readonly #builders = new Map<string, GroupBuilder>();
  readonly #stats = new Map<string, FileStats>();
  readonly #source: string;
  readonly #hostname = os.hostname();
  #lossWarned = false;

  constructor(
    private readonly pipeline: Pipeline,
    private readonly options: FileReadOptions,
  ) {
    this.#source = options.project.source ?? hostIp();
    this.#set = new FileSet(options.patterns, {
      info: (message) => options.info(message),
      truncated: (file) => options.info(`${file.path} was truncated: reading it again from 0`),
      released: (file) => {
        options.checkpoint?.forget(file.key);
        this.#builders.delete(file.key);
        options.info(`${file.path}: released`);
      },
    });
  }

  /** Every file read so far (released ones too), for the metrics. */
  stats(): FileStats[] {
    return [...this.#stats.values()];
  }

  #statsOf(file: TrackedFile): FileStats {
    let stats = this.#stats.get(file.path);
    if (stats === undefined) {
      stats = {
        path: file.path,
        bytesRead: 0,
        lines: 0,
        behind: () => {
          const current = [...this.#set.files.values()].find((f) => f.path === file.path);
          if (current === undefined) return 0;
          try {
            return Math.max(0, fs.fstatSync(current.fd).size - current.offset);
          } catch {
            return 0;
          }
        },
      };
      this.#stats.set(file.path, stats);
    }
    return stats;
  }

  #builder(file: TrackedFile): GroupBuilder {
    let builder = this.#builders.get(file.key);
    if (builder === undefined) {
      builder = new GroupBuilder(
        { maxLogs: this.options.maxGroupLogs, maxBytes: this.options.maxGroupBytes },
        {
          topic: this.options.project.topic,
          source: this.#source,
          category: this.options.project.logstore,
          tags: [
            { Key: '__hostname__', Value: this.#hostname },
            { Key: '__path__', Value: file.path },
          ],
        },
      );
      this.#builders.set(file.key, builder);
    }
    return builder;
  }

  async #write(group: LogGroup): Promise<void> {
    if (!this.pipeline.writeGroups([group])) await this.pipeline.ready();
  }

  /** Hands over the file's partial group. */
  async #handOver(file: TrackedFile): Promise<void> {
    const group = this.#builders.get(file.key)?.take();
    if (group !== undefined) await this.#write(group);
  }

  /** Once every flusher resolved what was written so far, records `file`'s offset. */
  #mark(file: TrackedFile): void {
    const checkpoint = this.options.checkpoint;
    if (checkpoint === undefined) return;
    const entry = {
      path: file.path,
      dev: file.dev,
      ino: file.ino,
      offset: file.offset,
      fingerprint: file.fingerprint,
    };
    void this.pipeline.mark().then(() => {
      // Logs a flusher did not deliver must be sent again: the checkpoint stops advancing.
      const metrics = this.pipeline.metrics();
      if (metrics.undelivered > 0 || metrics.dropped > 0) {
        if (!this.#lossWarned) {
          this.#lossWarned = true;
          this.options.warn(
            `some logs were not delivered: checkpoint ${checkpoint.file} no longer advances, so that a restart sends them again`,
          );
        }
        return;
      }
      checkpoint.commit(entry);
    });
  }

  /**
   * Reads what the file has now, chunk by chunk (at most `rounds` chunks); true when something
   * was read. `final`: the file is read once and a last line without "\n" is a line.
   */
  async #drain(file: TrackedFile, final: boolean, rounds: number): Promise<boolean> {
    let size = chunkBytes;
    let any = false;
    const checkpointing = this.options.checkpoint !== undefined;
    for (let round = 0; round < rounds && !this.options.signal.aborted; round++) {
      const chunk = readChunk(file, size);
      if (chunk.length === 0) break;
      let end = chunk.lastIndexOf(10);
      let consumed = end + 1;
      if (end === -1) {
        if (chunk.length === size && size < maxLineBytes) {
          size *= 2; // a long line: read more of it
          round--;
          continue;
        }
        if (chunk.length < size && !final) break; // a partial last line waits for its "\n"
        end = chunk.length;
        consumed = chunk.length;
      }
      await this.#consume(file, chunk, end, consumed);
      any = true;
      if (checkpointing) {
        await this.#handOver(file);
        this.#mark(file);
      }
      // Let the event loop run (flushers' I/O callbacks, timers, the metrics server): with
      // flushes that resolve at once, reading would otherwise run on microtasks alone.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (chunk.length < size) break;
      size = chunkBytes;
    }
    return any;
  }

  /**
   * Hands over the lines of `chunk` before `end` (a "\n", or the chunk's end for a last line
   * without one) and moves the file's offset past the `consumed` bytes.
   */
  async #consume(file: TrackedFile, chunk: Buffer, end: number, consumed: number): Promise<void> {
    let logs = 0;
    for (let start = 0; start < end || (start === 0 && end === 0);) {
      let stop = Math.min(start + pieceBytes, end);
      if (stop < end) {
        const newline = chunk.lastIndexOf(10, stop);
        stop = newline > start ? newline : chunk.indexOf(10, stop);
        if (stop === -1 || stop > end) stop = end;
      }
      this.#lines(file, chunk.toString('utf8', start, stop));
      logs += this.#linesIn;
      start = stop + 1;
      if (stop === end) break;
    }
    await this.#flushLines(file);
    file.offset += consumed;
    file.size = Math.max(file.size, file.offset);
    this.#statsOf(file).bytesRead += consumed;
    this.options.onProgress(consumed, logs);
    if (file.fingerprint.bytes < fingerprintBytes) this.#set.refreshFingerprint(file);
  }

  /**
   * A rotated or deleted file that stayed idle: nothing can complete its last line without "\n"
   * any more, so that line is sent as it is; then the file is released (its space freed).
   */
  async #release(file: TrackedFile): Promise<void> {
    while (await this.#drain(file, true, 64)) {
      if (this.options.signal.aborted) break;
    }
    if (this.options.signal.aborted) return;
    await this.#handOver(file);
    this.#mark(file);
    this.#set.release(file);
  }

  /**
   * At the end of a run without a checkpoint, which no later run resumes: a last line without
   * "\n" that the reader was waiting on (nothing else left to read) is sent as it is.
   */
  async #sendHeldTail(file: TrackedFile): Promise<void> {
    let size: number;
    try {
      size = fs.fstatSync(file.fd).size;
    } catch {
      return;
    }
    const rest = size - file.offset;
    if (rest <= 0 || rest > maxLineBytes) return;
    const chunk = readChunk(file, rest);
    // Complete lines not read yet: reading stopped at the signal, and stays stopped.
    if (chunk.includes(10)) return;
    await this.#consume(file, chunk, chunk.length, chunk.length);
  }

  #pending: Log[] = [];
  #linesIn = 0;

  /** Parses the lines of a chunk into #pending. */
  #lines(file: TrackedFile, text: string): void {
    const now = Math.floor(Date.now() / 1000);
    const lines = text.split('\n');
    const stats = this.#statsOf(file);
    this.#linesIn = 0;
    for (let line of lines) {
      file.lineNumber++;
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (line === '') continue;
      stats.lines++;
      if (this.options.format === 'text') {
        this.#pending.push(textLineToLog(line, now));
        this.#linesIn++;
        continue;
      }
      try {
        this.#pending.push(lineToLog(this.options.format, line, file.lineNumber, now));
        this.#linesIn++;
      } catch (error) {
        if (!(error instanceof InputLineError)) throw error;
        this.options.onLineError(
          this.options.namePaths
            ? new InputLineError(
                file.lineNumber,
                `${error.message.replace(/^input line \d+: /, '')} (in ${file.path})`,
              )
            : error,
        );
      }
    }
  }

  async #flushLines(file: TrackedFile): Promise<void> {
    const builder = this.#builder(file);
    const logs = this.#pending;
    this.#pending = [];
    for (const log of logs) {
      const full = builder.add(log);
      if (full !== undefined) await this.#write(full);
    }
  }

  /** Reads the inputs: once to their end, or (follow) until the signal fires. */
  async run(): Promise<void> {
    const { checkpoint, follow, signal } = this.options;
    const entries = new Map((checkpoint?.entries() ?? []).map((entry) => [fileKey(entry), entry]));
    const present = new Set<string>();
    for (const pattern of this.options.patterns)
      for (const file of expandGlob(pattern)) {
        try {
          present.add(fileKey(fs.statSync(file)));
        } catch {
          // gone meanwhile
        }
      }
    checkpoint?.retain(present);
    this.#set.scan((found) => startFromCheckpoint(found, entries, present, this.options.fromEnd));
    const later = (found: { head: Buffer; size: number }) => {
      // A new file that starts as a file being read is its copy (copytruncate): it goes on from
      // where that file was.
      if (found.head.length >= 64)
        for (const file of this.#set.files.values())
          if (file.fingerprint.bytes >= 64 && matchesFingerprint(found.head, file.fingerprint))
            return file.offset;
      return 0;
    };
    try {
      if (!follow) {
        for (const file of [...this.#set.files.values()]) {
          while (await this.#drain(file, checkpoint === undefined, 64)) {
            if (signal.aborted) break;
          }
          await this.#handOver(file);
          this.#mark(file);
          if (signal.aborted) break;
        }
        return;
      }
      let lastScan = Date.now();
      let idleMs = 2;
      while (!signal.aborted) {
        let any = false;
        for (const file of [...this.#set.files.values()]) {
          const read = await this.#drain(file, false, 8);
          if (read) any = true;
          else await this.#handOver(file); // at its end: what it has goes out now
          if (signal.aborted) break;
        }
        if (Date.now() - lastScan >= this.options.pollMs) {
          this.#set.scan(later);
          lastScan = Date.now();
          for (const file of this.#set.releasable()) await this.#release(file);
        }
        if (any) {
          idleMs = 2;
          continue;
        }
        await sleep(Math.min(idleMs, this.options.pollMs), signal);
        idleMs = Math.min(idleMs * 2, this.options.pollMs);
      }
    } finally {
      for (const file of this.#set.files.values()) {
        if (checkpoint === undefined) await this.#sendHeldTail(file);
        await this.#handOver(file);
        this.#mark(file);
      }
      this.#set.closeAll();
    }
  }
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
