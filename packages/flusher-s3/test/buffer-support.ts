import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createLogGroup, createLogs, mockContext } from '@logflush/testkit';
import type { DeadLetterLine, LogGroup } from '@logflush/core';
import { plugin } from '../src/index.js';

/** A loopback endpoint where nothing listens (connections are refused). */
export async function closedEndpoint(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

/** Quick retries, and Backoff.Max (the wait before buffered logs are tried again) short too. */
export const quickRetries = { MaxRetries: 2, Backoff: { Init: '20ms', Max: '200ms' } };

/** `count` logs with seq contents `first`, `first + 1`, …, as one group. */
export function seqGroup(first: number, count: number): LogGroup {
  return createLogGroup({
    logs: createLogs(count, {
      contents: (i) => ({ seq: String(first + i), content: `log ${first + i}` }),
    }),
  });
}

export const range = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => from + i);

/** Starts a flusher, flushes each group in its own call, stops it; returns its context. */
export async function runFlusher(detail: Record<string, unknown>, groups: LogGroup[] = []) {
  const context = mockContext();
  const flusher = plugin.create(detail);
  await flusher.init(context);
  for (const group of groups) await flusher.flush('p', 'l', 'c', [group]);
  const stopped = await flusher.stop().then(
    () => undefined,
    (error: unknown) => error as Error,
  );
  return { context, flusher, stopped };
}

/** The segment files of a buffer directory, oldest first. */
export function segmentFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.seg'))
    .sort()
    .map((name) => path.join(dir, name));
}

/** Bytes of the segment files: what counts against Buffer.MaxBytes. */
export function segmentBytes(dir: string): number {
  return segmentFiles(dir).reduce((sum, file) => sum + fs.statSync(file).size, 0);
}

/** Where each frame of a segment starts and ends (20-byte header: magic, length, …). */
export function frames(file: string): Array<{ start: number; end: number }> {
  const bytes = fs.readFileSync(file);
  const found: Array<{ start: number; end: number }> = [];
  for (let at = 0; at + 20 <= bytes.length;) {
    const end = at + 20 + bytes.readUInt32LE(at + 4);
    found.push({ start: at, end });
    at = end;
  }
  return found;
}

export function readDeadLetters(file: string): DeadLetterLine[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as DeadLetterLine);
}
