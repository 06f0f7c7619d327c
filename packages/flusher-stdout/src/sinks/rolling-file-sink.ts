import fs from 'node:fs';
import type { LineSink } from './sink.js';

/**
 * Appends to `path`; when the next line would take it past `maxSize`, shifts
 * `path.(n-1)` → `path.n` … `path` → `path.1`, keeping `maxRolls` rolled files. A line is never
 * split across files. A path that is not a regular file (/dev/null, a FIFO) is never rolled.
 */
export class RollingFileSink implements LineSink {
  #fd: number;
  #size: number;
  readonly #rollable: boolean;

  constructor(
    private readonly path: string,
    private readonly maxSize: number,
    private readonly maxRolls: number,
  ) {
    this.#fd = fs.openSync(path, 'a');
    const stat = fs.fstatSync(this.#fd);
    this.#rollable = stat.isFile();
    this.#size = stat.size;
  }

  async write(lines: readonly string[]): Promise<void> {
    const chunk = lines.join('');
    const bytes = Buffer.byteLength(chunk);
    if (!this.#rollable || this.#size + bytes <= this.maxSize) {
      this.#append(Buffer.from(chunk));
      return;
    }
    let pending: string[] = [];
    let pendingBytes = 0;
    for (const line of lines) {
      const lineBytes = Buffer.byteLength(line);
      if (this.#size + pendingBytes + lineBytes > this.maxSize && this.#size + pendingBytes > 0) {
        this.#append(Buffer.from(pending.join('')));
        this.#roll();
        pending = [];
        pendingBytes = 0;
      }
      pending.push(line);
      pendingBytes += lineBytes;
    }
    this.#append(Buffer.from(pending.join('')));
  }

  async close(): Promise<void> {
    if (this.#fd === -1) return;
    if (this.#rollable) fs.fsyncSync(this.#fd);
    fs.closeSync(this.#fd);
    this.#fd = -1;
  }

  #append(buffer: Buffer): void {
    let offset = 0;
    while (offset < buffer.length) offset += fs.writeSync(this.#fd, buffer, offset);
    this.#size += buffer.length;
  }

  #roll(): void {
    fs.closeSync(this.#fd);
    for (let n = this.maxRolls - 1; n >= 1; n--) {
      if (fs.existsSync(`${this.path}.${n}`))
        fs.renameSync(`${this.path}.${n}`, `${this.path}.${n + 1}`);
    }
    fs.renameSync(this.path, `${this.path}.1`);
    this.#fd = fs.openSync(this.path, 'a');
    this.#size = 0;
  }
}
