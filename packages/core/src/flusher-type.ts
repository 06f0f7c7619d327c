/** docs/design.md §2: iLogtail documents the prefix; logflush enforces the whole pattern. */
export const flusherTypePattern = /^flusher_[a-z0-9_]+$/;

const instanceIdPattern = /^[A-Za-z0-9_.-]+$/;

export function assertFlusherType(type: string): void {
  if (!flusherTypePattern.test(type)) {
    throw new TypeError(
      `invalid flusher type ${JSON.stringify(type)}: a flusher type must match ${String(flusherTypePattern)}, e.g. "flusher_kafka"`,
    );
  }
}

/**
 * Splits iLogtail's `type/id` form: `flusher_kafka/out1` is a second instance of
 * `flusher_kafka` named `out1`. A plain type has no id.
 */
export function parseFlusherName(name: string): { type: string; id: string | undefined } {
  const slash = name.indexOf('/');
  if (slash === -1) return { type: name, id: undefined };
  const type = name.slice(0, slash);
  const id = name.slice(slash + 1);
  if (!instanceIdPattern.test(id)) {
    throw new TypeError(
      `invalid flusher instance id in ${JSON.stringify(name)}: after "/" expected letters, digits, "_", "." or "-"`,
    );
  }
  return { type, id };
}
