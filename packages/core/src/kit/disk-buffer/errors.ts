/** An append or read on a buffer that was closed. */
export class BufferClosedError extends Error {
  constructor(what: string) {
    super(`the buffer is closed: ${what}`);
    this.name = 'BufferClosedError';
  }
}

/** Another buffer (in this process or another one that is still running) holds the directory. */
export class BufferLockedError extends Error {
  constructor(
    readonly path: string,
    readonly pid: number,
  ) {
    super(
      `the buffer directory ${path} is in use by process ${pid}; give each buffer its own Path`,
    );
    this.name = 'BufferLockedError';
  }
}
