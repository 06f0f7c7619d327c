/**
 * Bytes the flusher holds for objects not yet uploaded: in memory (compressed output collecting
 * into a part, parts and objects waiting or in flight), or, with StagingDir, the staged bytes of
 * closed objects waiting for or under upload. `isReady` compares it with MaxBufferedBytes.
 */
export class BufferGauge {
  #held = 0;
  /** Of those, bytes of objects and parts being uploaded: they will be released on their own. */
  #uploading = 0;

  get held(): number {
    return this.#held;
  }

  get uploading(): number {
    return this.#uploading;
  }

  hold(bytes: number): void {
    this.#held += bytes;
  }

  /** `bytes` already held are now on their way to S3. */
  startUpload(bytes: number): void {
    this.#uploading += bytes;
  }

  /** `bytes` that were on their way are uploaded or given up: no longer held. */
  endUpload(bytes: number): void {
    this.#uploading -= bytes;
    this.#held -= bytes;
  }

  /** `bytes` held but never uploaded (an abandoned object) are let go. */
  release(bytes: number): void {
    this.#held -= bytes;
  }
}
