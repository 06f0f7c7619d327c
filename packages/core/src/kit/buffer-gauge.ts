/**
 * Bytes a flusher holds that are not yet delivered, against the bound at which `isReady` turns
 * false (MaxBufferedBytes). Of those, `inFlight` bytes are on their way to the destination: they
 * will be released without more input, so a flusher at its bound with nothing in flight knows it
 * must send something early.
 */
export class BufferGauge {
  #held = 0;
  #inFlight = 0;

  /** `limit`: the bound; Infinity for a flusher that holds nothing past its flush. */
  constructor(readonly limit: number = Number.POSITIVE_INFINITY) {}

  get held(): number {
    return this.#held;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** At or over the bound: `isReady` is false. */
  get full(): boolean {
    return this.#held >= this.limit;
  }

  hold(bytes: number): void {
    this.#held += bytes;
  }

  /** `bytes` held and never sent are let go (delivered at once, or abandoned). */
  release(bytes: number): void {
    this.#held -= bytes;
  }

  /** `bytes` already held are now on their way. */
  startSending(bytes: number): void {
    this.#inFlight += bytes;
  }

  /** `bytes` that were on their way are delivered or given up: no longer held. */
  endSending(bytes: number): void {
    this.#inFlight -= bytes;
    this.#held -= bytes;
  }
}
