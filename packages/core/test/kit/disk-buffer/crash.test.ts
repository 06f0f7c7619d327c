import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { drain, open, tempDir } from './helpers.js';

const fixture = path.join(import.meta.dirname, 'fixtures', 'append-until-killed.mjs');
const dist = path.resolve(import.meta.dirname, '../../../dist/index.js');

/** Runs the fixture until it printed `stores` stored lines, kills it with SIGKILL, returns its lines. */
function runUntilKilled(dir: string, round: number, stores: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fixture, dir, String(round)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    let errors = '';
    let count = 0;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      text += chunk;
      count += chunk.split('stored ').length - 1;
      if (count >= stores) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') {
        reject(new Error(`the fixture ended with ${code ?? signal}: ${errors}`));
        return;
      }
      // Only whole lines: the last one may have been cut by the kill.
      resolve(text.split('\n').slice(0, -1));
    });
  });
}

describe('a disk buffer in a process killed with SIGKILL', () => {
  it('keeps every append that resolved, and no acknowledged record comes again', async () => {
    // The fixture runs the built package, as a flusher's process would.
    expect(existsSync(dist), `${dist} is missing: build @logflush/core first`).toBe(true);
    const dir = tempDir();
    const stored = new Set<string>();
    // Records whose acknowledgement was made (it may or may not have been kept when the kill
    // came), and those whose acknowledgement resolved (kept: they must not come again).
    const acking = new Set<string>();
    const acked = new Set<string>();
    for (const [round, stores] of [
      [1, 40],
      [2, 150],
      [3, 300],
    ] as const) {
      const lines = await runUntilKilled(dir, round, stores);
      expect(lines[0]).toBe('open');
      let last: string[] = [];
      for (const line of lines.slice(1)) {
        const [kind, ...rest] = line.split(' ');
        if (kind === 'stored') for (const id of rest) stored.add(`${id}#a`).add(`${id}#b`);
        else if (kind === 'acking') for (const id of (last = rest)) acking.add(id);
        else if (kind === 'acked') for (const id of last) acked.add(id);
        else throw new Error(`unexpected line ${line}`);
      }
    }
    expect(stored.size).toBeGreaterThanOrEqual(2 * (40 + 150 + 300));

    const { buffer, damage } = await open({ Path: dir, MaxBytes: 64 << 20 });
    const readBack = await drain(buffer, 100);
    await buffer.close();

    const lost = [...stored].filter((id) => !acking.has(id) && !readBack.includes(id));
    expect(lost).toEqual([]);
    expect(readBack.filter((id) => acked.has(id))).toEqual([]);
    expect(new Set(readBack).size).toBe(readBack.length);
    // In append order: each writer's records in the order it appended them.
    const order = (id: string) => {
      const [round, writer, n, half] = id.split(/[:#]/);
      return { key: `${round}:${writer}`, rank: Number(n) * 2 + (half === 'b' ? 1 : 0) };
    };
    const last = new Map<string, number>();
    for (const id of readBack) {
      const { key, rank } = order(id);
      expect(rank).toBeGreaterThan(last.get(key) ?? -1);
      last.set(key, rank);
    }
    // A kill can cut a write short: that is the only damage there may be, a torn tail.
    for (const d of damage) expect(d.atOpen).toBe(true);
  });
});
