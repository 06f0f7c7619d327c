const identifier = /^[A-Za-z_$][\w$]*$/;

/**
 * Renders a path inside a config the way a reader would write it in JavaScript:
 * `formatConfigPath('flushers[1].detail', ['Headers', 'X-Trace', 0])` is
 * `flushers[1].detail.Headers["X-Trace"][0]`.
 */
export function formatConfigPath(base: string, segments: readonly PropertyKey[] = []): string {
  let path = base;
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else {
      const key = typeof segment === 'symbol' ? segment.toString() : segment;
      if (!identifier.test(key)) path += `[${JSON.stringify(key)}]`;
      else path += path === '' ? key : `.${key}`;
    }
  }
  return path;
}
