// Fail early, and say what to install, when java/keytool/mvn are missing.
import { spawnSync } from 'node:child_process';

const HINTS = {
  java: 'Java 17+ (apt-get install openjdk-17-jre-headless)',
  keytool: 'Java 17+ with keytool (apt-get install openjdk-17-jre-headless)',
  mvn: 'Maven (apt-get install maven)',
};

const checked = new Map();

export function requireTool(tool) {
  if (checked.get(tool)) return;
  const versionArg = tool === 'keytool' ? '-help' : '-version';
  const r = spawnSync(tool, [versionArg], { encoding: 'utf8', timeout: 30_000 });
  if (/** @type {NodeJS.ErrnoException | undefined} */ (r.error)?.code === 'ENOENT') {
    throw new Error(
      `'${tool}' was not found on PATH. Install ${HINTS[tool]}. ` +
        'The logflush test services need Java 17+ and Maven (used once to fetch the jars).',
    );
  }
  if (tool === 'java') {
    const out = `${r.stdout}${r.stderr}`;
    const m = /version "(\d+)/.exec(out);
    if (m && Number(m[1]) < 17) {
      throw new Error(`java is version ${m[1]}; Kafka 4 and S3Proxy need ${HINTS.java}.`);
    }
  }
  checked.set(tool, true);
}
