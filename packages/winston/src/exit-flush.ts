/** A transport that can hand over what it holds when the process's event loop empties. */
export interface ExitFlushable {
  /** Starts delivering what the transport holds, if anything; must schedule nothing otherwise. */
  flushBeforeExit(): void;
}

const open = new Set<ExitFlushable>();

/**
 * `beforeExit` comes when nothing keeps the event loop alive: an app that logged and returned
 * without `logger.end()`. Logs still held then (a partial group under `lingerMs: Infinity`) have no
 * timer or I/O to deliver them; the flush started here is I/O, so the process lives until it is
 * done, and `beforeExit` comes again. One listener for every open transport, so that many
 * transports do not trip the MaxListeners warning.
 */
function flushOpenTransports(): void {
  for (const transport of open) transport.flushBeforeExit();
}

/** Flushes `transport` whenever the event loop empties, until `forgetAtExit`. */
export function flushAtExit(transport: ExitFlushable): void {
  if (open.size === 0) process.on('beforeExit', flushOpenTransports);
  open.add(transport);
}

export function forgetAtExit(transport: ExitFlushable): void {
  if (!open.delete(transport)) return;
  if (open.size === 0) process.off('beforeExit', flushOpenTransports);
}
