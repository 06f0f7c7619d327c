import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const platformaticPackage = '@platformatic/kafka';

/** A require that resolves from this file, in the ESM build and in the CJS build alike. */
function localRequire(): NodeJS.Require {
  return createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
}

type Version = readonly [number, number, number];

function parseVersion(text: string): Version | undefined {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text.trim());
  if (match === null) return undefined;
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/**
 * Whether `version` satisfies an `engines` range made of `||` alternatives of comparators
 * (`>=22.22.0`, `>= 24.6.0`, `<25`, `=24.1.0`, a bare version); undefined when the range has other
 * forms (then nothing is refused on its account).
 */
export function satisfiesEngines(version: string, range: string): boolean | undefined {
  const current = parseVersion(version);
  if (current === undefined) return undefined;
  let any = false;
  for (const alternative of range.split('||')) {
    const comparators = alternative.trim().match(/(>=|<=|>|<|=)?\s*v?\d+(?:\.\d+){0,2}/g);
    if (
      comparators === null ||
      comparators.join('').replace(/\s/g, '') !== alternative.replace(/\s/g, '')
    )
      return undefined;
    const all = comparators.every((comparator) => {
      const [, op = '=', text = ''] = /^(>=|<=|>|<|=)?\s*(.+)$/.exec(comparator) ?? [];
      const wanted = parseVersion(text);
      if (wanted === undefined) return false;
      const order = compare(current, wanted);
      return op === '>='
        ? order >= 0
        : op === '>'
          ? order > 0
          : op === '<='
            ? order <= 0
            : op === '<'
              ? order < 0
              : order === 0;
    });
    any ||= all;
  }
  return any;
}

/** The installed @platformatic/kafka's package.json (its exports do not include it), or undefined. */
function platformaticManifest(): { version?: string; engines?: { node?: string } } | undefined {
  let entry: string;
  try {
    entry = localRequire().resolve(platformaticPackage);
  } catch {
    return undefined;
  }
  for (let dir = path.dirname(entry); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!fs.existsSync(file)) continue;
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      name?: string;
      version?: string;
      engines?: { node?: string };
    };
    if (manifest.name === platformaticPackage) return manifest;
  }
  return undefined;
}

/**
 * Why `Client: "platformatic"` cannot run here — the package is not installed, or this Node is
 * outside its `engines` — or undefined when it can.
 */
export function platformaticProblem(nodeVersion = process.versions.node): string | undefined {
  const manifest = platformaticManifest();
  if (manifest === undefined) {
    return `${platformaticPackage} is not installed: it is an optional peer dependency of @logflush/flusher-kafka (npm install ${platformaticPackage})`;
  }
  const engines = manifest.engines?.node;
  if (engines !== undefined && satisfiesEngines(nodeVersion, engines) === false) {
    return `${platformaticPackage} ${manifest.version ?? ''} needs Node ${engines}; this is Node ${nodeVersion} (use Client "kafkajs")`.replace(
      '  ',
      ' ',
    );
  }
  return undefined;
}
