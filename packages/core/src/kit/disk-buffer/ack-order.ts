/** A batch handed out by `read`: where the reading stood after it, and what it holds. */
export interface Ticket<Cursor> {
  readonly end: Cursor;
  readonly records: number;
  readonly bytes: number;
  readonly logs: number;
  acked: boolean;
}

/**
 * Acknowledgements in any order, turned into a position that only moves forward: the end of the
 * longest run of acknowledged batches from the oldest one not yet passed, in the order they were
 * read. A sender with several batches in flight acknowledges each as it lands.
 */
export class AckOrder<Cursor> {
  #outstanding: Ticket<Cursor>[] = [];

  /** Batches read and not yet passed by the position (some may be acknowledged). */
  get outstanding(): number {
    return this.#outstanding.length;
  }

  issue(end: Cursor, counts: { records: number; bytes: number; logs: number }): Ticket<Cursor> {
    const ticket = { end, ...counts, acked: false };
    this.#outstanding.push(ticket);
    return ticket;
  }

  /** Marks `ticket` acknowledged; the new position when it moved, else undefined. */
  ack(ticket: Ticket<Cursor>): Cursor | undefined {
    ticket.acked = true;
    let passed = 0;
    while (passed < this.#outstanding.length && this.#outstanding[passed]!.acked) passed++;
    if (passed === 0) return undefined;
    const end = this.#outstanding[passed - 1]!.end;
    this.#outstanding.splice(0, passed);
    return end;
  }
}
