/** How a flusher package runs the conformance suite against itself. */
export interface ConformanceOptions<Detail extends Record<string, unknown>> {
  /** The smallest detail that creates the flusher (its required options); default `{}`. */
  requiredDetail?: Record<string, unknown>;
  /** A detail whose output `readBack` can read; called once for each test that writes. */
  detail(): Detail | Promise<Detail>;
  /** Once `stop` resolved: the contents of every log found in the output, in any order. */
  readBack(detail: Detail): Promise<Array<Record<string, string>>>;
  /** A detail with one bad value, and the option the error must name. */
  badOption: { detail: Record<string, unknown>; option: string };
  /** Removes what a test wrote (temp files, topics). */
  cleanup?(detail: Detail): void | Promise<void>;
  /** Per-test timeout in ms; flushers talking to real services need more. Default 20000. */
  timeout?: number;
}
