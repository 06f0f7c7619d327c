import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { createLogGroup, createLogs, mockContext, type MockContext } from '@logflush/testkit';
import type { LogGroup } from '@logflush/core';
import { plugin, type FileFlusher } from '../src/index.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory, removed after the test. */
export function newDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logflush-file-'));
  made.push(dir);
  return dir;
}

export interface Started {
  flusher: FileFlusher;
  context: MockContext;
}

export async function start(detail: Record<string, unknown>): Promise<Started> {
  const context = mockContext();
  const flusher = plugin.create(detail) as FileFlusher;
  await flusher.init(context);
  return { flusher, context };
}

export function flush(flusher: FileFlusher, groups: LogGroup[]): Promise<void> {
  return flusher.flush('test-project', 'test-logstore', 'test-config', groups);
}

/** Starts, flushes each batch in turn, stops; returns the context. */
export async function run(
  detail: Record<string, unknown>,
  ...batches: LogGroup[][]
): Promise<MockContext> {
  const { flusher, context } = await start(detail);
  for (const groups of batches) await flush(flusher, groups);
  await flusher.stop();
  return context;
}

/** `count` logs `{ seq, content }` numbered from `first`, in one group without tags. */
export function seqGroup(
  first: number,
  count: number,
  content = (i: number) => `log line ${i}`,
): LogGroup {
  return createLogGroup({
    logs: createLogs(count, {
      contents: (i) => ({ seq: String(first + i), content: content(first + i) }),
    }),
  });
}

export function readText(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

/** Every file under `dir`, relative and sorted. */
export function listFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((name) => fs.statSync(path.join(dir, name)).isFile())
    .sort();
}

/** The `seq` of every json line of `text`. */
export function seqs(text: string): number[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => Number((JSON.parse(line) as { seq: string }).seq));
}

export function range(first: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => first + i);
}

/** Descriptors of this process that point into `dir`. */
export function openFilesUnder(dir: string): string[] {
  const fdDir = '/proc/self/fd';
  return fs
    .readdirSync(fdDir)
    .map((fd) => {
      try {
        return fs.readlinkSync(path.join(fdDir, fd));
      } catch {
        return '';
      }
    })
    .filter((target) => target.startsWith(dir + path.sep))
    .sort();
}
