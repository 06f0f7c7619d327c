/** An Error as a plain object: name, message, stack, its own enumerable fields and its cause. */
export function errorObject(error: Error): Record<string, unknown> {
  const object: Record<string, unknown> = {
    name: error.name,
    message: error.message,
    stack: error.stack,
  };
  for (const key of Object.keys(error))
    object[key] = (error as unknown as Record<string, unknown>)[key];
  if ('cause' in error && error.cause !== undefined) object.cause = error.cause;
  return object;
}

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return errorObject(value);
  return value;
}

/**
 * A replacer for values with cycles: a value that is its own ancestor becomes "[Circular]" (a value
 * seen twice on different branches is written twice, as JSON.stringify would).
 */
function circularReplacer() {
  const originals: unknown[] = [];
  const holders: unknown[] = [];
  return function (this: unknown, key: string, value: unknown): unknown {
    if (typeof value !== 'object' || value === null) return replacer(key, value);
    // Pop the ancestors that are not on this value's path (`this` is its holder).
    while (holders.length > 0 && holders[holders.length - 1] !== this) {
      holders.pop();
      originals.pop();
    }
    if (originals.includes(value)) return '[Circular]';
    const replaced = replacer(key, value);
    originals.push(value);
    holders.push(replaced);
    return replaced;
  };
}

/** JSON for an object field: Errors with their message and stack, bigints as text, cycles as "[Circular]". */
export function stringify(value: unknown): string | undefined {
  try {
    return JSON.stringify(value, replacer);
  } catch {
    try {
      return JSON.stringify(value, circularReplacer());
    } catch (error) {
      return `[not serializable: ${(error as Error).message}]`;
    }
  }
}
