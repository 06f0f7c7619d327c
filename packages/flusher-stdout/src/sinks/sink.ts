/** Where flusher_stdout's lines go. `write` takes whole lines, each ending in "\n". */
export interface LineSink {
  write(lines: readonly string[]): Promise<void>;
  close(): Promise<void>;
}
