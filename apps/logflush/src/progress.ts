const units = ['B', 'KB', 'MB', 'GB', 'TB'];

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/** A one-line progress bar on a TTY: bytes read of the total, logs and logs/s. */
export class ProgressBar {
  #bytes = 0;
  #logs = 0;
  readonly #started = Date.now();
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly totalBytes: number | undefined,
  ) {
    this.#timer = setInterval(() => this.#render(), 200);
    this.#timer.unref();
  }

  add(bytes: number, logs: number): void {
    this.#bytes += bytes;
    this.#logs += logs;
  }

  done(): void {
    if (this.#timer === undefined) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#render();
    this.stream.write('\n');
  }

  #render(): void {
    const seconds = Math.max((Date.now() - this.#started) / 1000, 0.001);
    const rate = Math.round(this.#logs / seconds).toLocaleString('en-US');
    const logs = this.#logs.toLocaleString('en-US');
    let bar = '';
    if (this.totalBytes !== undefined && this.totalBytes > 0) {
      const fraction = Math.min(this.#bytes / this.totalBytes, 1);
      const width = 24;
      const filled = Math.round(fraction * width);
      bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${formatBytes(this.#bytes)} / ${formatBytes(this.totalBytes)}`;
    } else {
      bar = formatBytes(this.#bytes);
    }
    this.stream.write(`\r\x1b[K${bar}  ${logs} logs  ${rate} logs/s`);
  }
}
