/** Something holding one open file that it can close when asked. */
export interface FileHolder {
  /** Nothing queued: closing now delays no write. */
  readonly idle: boolean;
  /** Closes the file (fsync first); the holder reopens it when written again. */
  evict(): Promise<void>;
}

/**
 * Keeps at most `max` files open: a holder reserves a slot before opening; when none is free,
 * the least recently used idle holder is closed, or, when every holder is busy writing, the
 * reservation waits until one is idle.
 */
export class OpenFileLimit {
  /** Holders with an open file, least recently used first. */
  readonly #open = new Set<FileHolder>();
  #waiters: Array<() => void> = [];

  constructor(readonly max: number) {}

  get openCount(): number {
    return this.#open.size;
  }

  async reserve(holder: FileHolder): Promise<void> {
    while (this.#open.size >= this.max) {
      const victim = this.#leastRecentIdle(holder);
      if (victim !== undefined) {
        this.#open.delete(victim);
        await victim.evict();
        continue;
      }
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
    this.#open.add(holder);
  }

  /** The holder wrote: it becomes the most recently used. */
  touch(holder: FileHolder): void {
    if (this.#open.delete(holder)) this.#open.add(holder);
  }

  /** The holder closed its file. */
  release(holder: FileHolder): void {
    this.#open.delete(holder);
    this.wake();
  }

  /** A holder became idle, or a slot freed: waiting reservations look again. */
  wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const resolve of waiters) resolve();
  }

  #leastRecentIdle(except: FileHolder): FileHolder | undefined {
    for (const holder of this.#open) if (holder !== except && holder.idle) return holder;
    return undefined;
  }
}
