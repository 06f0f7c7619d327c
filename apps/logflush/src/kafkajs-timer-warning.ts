/**
 * kafkajs 2.2.4 (its last release) arms a timer with a negative delay after each answer it gets
 * (`RequestQueue.scheduleCheckPendingRequests`: `throttledUntil - Date.now()` with
 * `throttledUntil` -1, meaning "not throttled"). Node ≥ 23 turns such a delay into 1 ms with a
 * TimeoutNegativeWarning on stderr, which tells a CLI user nothing they can act on. The CLI
 * drops that one warning and lets every other one through; a library never patches a global,
 * so this is the CLI's, not flusher_kafka's.
 */
export function dropNegativeTimeoutWarning(): void {
  const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = (warning: unknown, ...rest: unknown[]) => {
    const options = rest[0] as string | { type?: string } | undefined;
    const type = typeof options === 'string' ? options : options?.type;
    if (type === 'TimeoutNegativeWarning') return;
    emitWarning(warning, ...rest);
  };
}
