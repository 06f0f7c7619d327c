/**
 * Buffers of PartSize, reused from part to part. A part's buffer goes back once its upload
 * settled; without reuse, every part is a fresh 8 MiB that V8 frees only at its next full
 * collection, and the process's RSS climbs far above what is in use.
 */
export class PartPool {
  readonly #free: Buffer[] = [];

  constructor(
    readonly partSize: number,
    /** Free buffers kept at most; more are left to the garbage collector. */
    private readonly keep: number,
  ) {}

  take(): Buffer {
    return this.#free.pop() ?? Buffer.allocUnsafe(this.partSize);
  }

  /** Returns the memory under `view` (a part, or the start of one) once nothing uses it. */
  give(view: Buffer): void {
    const whole = view.byteOffset === 0 && view.buffer.byteLength === this.partSize;
    if (whole && this.#free.length < this.keep)
      this.#free.push(Buffer.from(view.buffer, 0, this.partSize));
  }
}
