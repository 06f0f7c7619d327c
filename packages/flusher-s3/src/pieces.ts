import type { Log } from '@logflush/core';

/**
 * The lines one append put into one object: what its delivery waits for, and what is written to
 * the dead-letter file (or appended again) when that object fails.
 */
export interface Piece {
  readonly batchKey: string;
  readonly events: number;
  /** Kept to append them again after a retryable failure (disk buffer only). */
  readonly lines: readonly string[] | undefined;
  /** Kept for the dead-letter file (DeadLetter.Path set) and for a retry. */
  readonly logs: readonly Log[] | undefined;
  readonly tracker: PieceTracker | undefined;
}

/** How the upload of a piece's object ended, for the piece. */
export type PieceOutcome = 'uploaded' | 'given up' | 'retry';

/**
 * The pieces of one delivery (a batch read from the disk buffer): `done` resolves once each of
 * them is uploaded or given up on, with those whose object failed in a way a retry may fix.
 */
export class PieceTracker {
  #pending = 0;
  #sealed = false;
  readonly #retry: Piece[] = [];
  #resolve: (retry: Piece[]) => void = () => {};
  readonly done = new Promise<Piece[]>((resolve) => (this.#resolve = resolve));

  added(): void {
    this.#pending += 1;
  }

  settled(piece: Piece, outcome: PieceOutcome): void {
    if (outcome === 'retry') this.#retry.push(piece);
    this.#pending -= 1;
    this.#check();
  }

  /** Every piece of the delivery was added. */
  seal(): void {
    this.#sealed = true;
    this.#check();
  }

  #check(): void {
    if (this.#sealed && this.#pending === 0) this.#resolve(this.#retry);
  }
}
