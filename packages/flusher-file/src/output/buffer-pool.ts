/**
 * Reusable byte buffers for encoded lines. A fresh Buffer of a few hundred KiB costs more to
 * allocate (page faults) than the lines cost to copy into it, so buffers go back to the pool
 * once their write is done.
 */
export class BufferPool {
  readonly #free: Buffer[] = [];

  constructor(
    /** Buffers kept at most. */
    private readonly keep = 4,
    /** Buffers larger than this are not kept. */
    private readonly largest = 8 * 1024 * 1024,
  ) {}

  /**
   * `lines` joined as UTF-8, each followed by "\n", in a pooled buffer; give the buffer back with
   * `release` when done. (The newline after the last line is put in as a byte: appending it to
   * the joined text would make V8 copy the whole text once more.)
   */
  encodeLines(lines: readonly string[]): { buffer: Buffer; data: Buffer } {
    const text = lines.join('\n');
    // UTF-8 takes at most 3 bytes per UTF-16 unit: with that room, no need to measure first.
    const buffer = this.#take(text.length * 3 + 1);
    const size = buffer.write(text, 0, 'utf8') + 1;
    buffer[size - 1] = 0x0a;
    return { buffer, data: buffer.subarray(0, size) };
  }

  release(buffer: Buffer): void {
    if (this.#free.length < this.keep && buffer.length <= this.largest) this.#free.push(buffer);
  }

  #take(size: number): Buffer {
    const index = this.#free.findIndex((buffer) => buffer.length >= size);
    if (index !== -1) return this.#free.splice(index, 1)[0]!;
    let capacity = 64 * 1024;
    while (capacity < size) capacity *= 2;
    return Buffer.allocUnsafeSlow(capacity);
  }
}
