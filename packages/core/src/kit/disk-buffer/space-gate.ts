import type { WhenFull } from './types.js';

interface Waiter {
  readonly bytes: number;
  readonly admit: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Admission against MaxBytes, one rule for the disk and the memory buffer. An append of `bytes`
 * is admitted while the bytes held and admitted (`reserved`) are under MaxBytes and, with it,
 * stay within MaxBytes + one segment: so what is held never passes MaxBytes by more than one
 * segment. Appends are admitted in order: with `block` one that does not fit waits, and every
 * later one waits behind it; with `drop_newest` one that does not fit is dropped.
 */
export class SpaceGate {
  readonly #waiting: Waiter[] = [];

  constructor(
    readonly maxBytes: number,
    /** How far past MaxBytes an admitted append may reach: one segment. */
    readonly slackBytes: number,
    readonly whenFull: WhenFull,
    private readonly reserved: () => number,
  ) {}

  /** With `block`: an append now would wait. */
  get full(): boolean {
    return (
      this.whenFull === 'block' && (this.#waiting.length > 0 || this.reserved() >= this.maxBytes)
    );
  }

  /** Whether an append of `bytes` could ever be admitted (into an empty buffer). */
  canEverFit(bytes: number): boolean {
    return bytes <= this.maxBytes + this.slackBytes;
  }

  #fits(bytes: number): boolean {
    const reserved = this.reserved();
    return reserved < this.maxBytes && reserved + bytes <= this.maxBytes + this.slackBytes;
  }

  /**
   * `admit` is called (now, or later once there is room) and the result is true, or it is not
   * called and the result is false: the append is dropped.
   */
  request(bytes: number, admit: () => void): boolean | Promise<boolean> {
    if (this.#waiting.length === 0 && this.#fits(bytes)) {
      admit();
      return true;
    }
    if (this.whenFull === 'drop_newest') return false;
    return new Promise<boolean>((resolve, reject) => {
      this.#waiting.push({
        bytes,
        admit: () => {
          admit();
          resolve(true);
        },
        reject,
      });
    });
  }

  /** Room was made: admits waiting appends in order while they fit. */
  release(): void {
    while (this.#waiting.length > 0 && this.#fits(this.#waiting[0]!.bytes)) {
      this.#waiting.shift()!.admit();
    }
  }

  /** Rejects every waiting append with `error`. */
  rejectWaiting(error: unknown): void {
    for (const waiter of this.#waiting.splice(0)) waiter.reject(error);
  }
}
