import type { FlusherOutcome } from '@logflush/pipeline';

const columns = ['in_events', 'out_events', 'failed_events', 'dropped_events', 'retries'] as const;

/**
 * A table of each flusher's counters and what it did not deliver; with a disk buffer, also what
 * it holds there (`in_buffer`: logs that wait for the flusher's next start, not lost).
 */
export function formatSummary(outcomes: readonly FlusherOutcome[], inputErrors: number): string {
  const buffered = outcomes.some((outcome) => outcome.backlog !== undefined);
  const header = ['flusher', ...columns, 'undelivered', ...(buffered ? ['in_buffer'] : [])];
  const rows = outcomes.map((outcome) => [
    outcome.name,
    ...columns.map((column) => String(outcome.metrics[column] ?? 0)),
    String(outcome.undelivered),
    ...(buffered ? [outcome.backlog === undefined ? '-' : String(outcome.backlog.logs)] : []),
  ]);
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => row[i]!.length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ');
  const lines = [line(header), ...rows.map(line)];
  if (inputErrors > 0) lines.push(`input lines rejected: ${inputErrors}`);
  return lines.join('\n');
}

/** Whether anything accepted from the input was not delivered. */
export function hasLosses(outcomes: readonly FlusherOutcome[], inputErrors: number): boolean {
  return (
    inputErrors > 0 ||
    outcomes.some(
      (outcome) =>
        outcome.undelivered > 0 ||
        outcome.errors.length > 0 ||
        (outcome.metrics.failed_events ?? 0) > 0 ||
        (outcome.metrics.dropped_events ?? 0) > 0,
    )
  );
}
