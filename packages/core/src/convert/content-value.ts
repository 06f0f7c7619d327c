import type { Log } from '../loggroup/types.js';

/**
 * The value of the log's content named `key` (its last occurrence, as a later content of the same
 * name wins when iLogtail turns contents into a map), or undefined when it has none.
 */
export function lastContentValue(log: Log, key: string): string | undefined {
  const contents = log.Contents;
  for (let i = contents.length - 1; i >= 0; i--) {
    if (contents[i]!.Key === key) return contents[i]!.Value;
  }
  return undefined;
}
