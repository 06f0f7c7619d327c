/** One problem found in a config. */
export interface ConfigIssue {
  /** Where, e.g. `flushers[1].detail.Compression`. */
  readonly path: string;
  /** What is wrong, without the path, e.g. `expected a boolean, given "yes"`. */
  readonly message: string;
  /** What the option accepts, e.g. `one of "none", "gzip"`. */
  readonly expected?: string;
  /** The given value as JSON (shortened when long, `<redacted>` for a secret). */
  readonly given?: string;
}

/** A config was rejected; `issues` lists every problem found, and the message has one per line. */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(issues.map((issue) => `${issue.path}: ${issue.message}`).join('\n'));
    this.name = 'ConfigError';
    this.issues = issues;
  }
}
