/** A stable int64 key for a project/logstore pair (FNV-1a 64), as iLogtail passes to isReady. */
export function logstoreKey(project: string, logstore: string): bigint {
  const mask = (1n << 64n) - 1n;
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(`${project}/${logstore}`)) {
    hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & mask;
  }
  return BigInt.asIntN(64, hash);
}
