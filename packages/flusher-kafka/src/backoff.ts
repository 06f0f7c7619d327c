/**
 * iLogtail's wait before retry number `retry` (0-based): Init doubled per retry, at most Max,
 * with jitter that puts it in [wait/2, wait] so that producers do not retry in step.
 */
export function backoffDelay(
  retry: number,
  initMs: number,
  maxMs: number,
  random = Math.random,
): number {
  const wait = Math.min(initMs * 2 ** retry, maxMs);
  return wait / 2 + random() * (wait / 2);
}
