// Resolve a service's jars with Maven once, and cache the computed classpath by pom hash.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_DIR } from './paths.mjs';
import { requireTool } from './prereqs.mjs';
import { run } from './run.mjs';

const RESOLVE_TIMEOUT_MS = 15 * 60_000; // a cold Maven download of Kafka is ~100 MB

export async function resolveClasspath(name, pomPath) {
  const pom = readFileSync(pomPath);
  const hash = createHash('sha256').update(pom).digest('hex').slice(0, 16);
  const cached = join(CACHE_DIR, `${name}-${hash}.classpath`);
  if (existsSync(cached)) {
    const cp = readFileSync(cached, 'utf8').trim();
    // The local Maven repository may have been cleaned since.
    if (cp && cp.split(':').every((jar) => existsSync(jar))) return cp;
  }

  requireTool('mvn');
  mkdirSync(CACHE_DIR, { recursive: true });
  const tmp = `${cached}.${process.pid}.tmp`;
  await run(
    'mvn',
    [
      '-B',
      '-q',
      '-f',
      pomPath,
      'dependency:build-classpath',
      `-Dmdep.outputFile=${tmp}`,
      '-Dmdep.includeScope=runtime',
    ],
    { timeoutMs: RESOLVE_TIMEOUT_MS },
  );
  renameSync(tmp, cached); // atomic, so a concurrent reader never sees half a file
  for (const file of readdirSync(CACHE_DIR)) {
    if (
      file.startsWith(`${name}-`) &&
      file.endsWith('.classpath') &&
      join(CACHE_DIR, file) !== cached
    ) {
      rmSync(join(CACHE_DIR, file), { force: true }); // from an older pom
    }
  }
  return readFileSync(cached, 'utf8').trim();
}
