import { lookupField, parseFieldRef, type FieldRef, type FieldSource } from '@logflush/core';

/**
 * The message key of the hash partitioner: the values of `HashKeys` that the log has, in the
 * order the option lists them, joined with "###"; the logstore name when it has none of them.
 * (iLogtail joins them in Go's random map order, so its keys are not stable.) With `HashOnce`
 * the first key made is kept for every later message, as in iLogtail.
 */
export class HashKeyMaker {
  readonly #fields: readonly FieldRef[];
  readonly #once: boolean;
  #firstKey: string | undefined;

  constructor(hashKeys: readonly string[], once: boolean) {
    this.#fields = hashKeys.map(parseFieldRef);
    this.#once = once;
  }

  /** Whether keys depend on the log (so the caller must pass its fields). */
  get readsFields(): boolean {
    return this.#fields.length > 0;
  }

  key(fields: FieldSource | undefined, logstore: string): string {
    if (this.#firstKey !== undefined) return this.#firstKey;
    const values: string[] = [];
    if (fields !== undefined) {
      for (const field of this.#fields) {
        const value = lookupField(fields, field);
        if (value !== undefined) values.push(value);
      }
    }
    const key = values.length > 0 ? values.join('###') : logstore;
    if (this.#once) this.#firstKey = key;
    return key;
  }
}
