import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { FlusherRegistry } from '@logflush/core';
import { loadPlugins } from '@logflush/pipeline';

const sections = ['common', 'linux', 'windows'] as const;

/** The packages plugins.yml lists for this OS: `common`, then `linux` or `windows`. */
export function readPluginList(
  file: string,
  platform: NodeJS.Platform = process.platform,
): string[] {
  const document = parseYaml(fs.readFileSync(file, 'utf8')) as Record<string, unknown> | null;
  const packages: string[] = [];
  for (const [key, value] of Object.entries(document ?? {})) {
    if (!(sections as readonly string[]).includes(key)) {
      throw new Error(`${file}: unknown section "${key}"; sections are ${sections.join(', ')}`);
    }
    if (
      value !== null &&
      (!Array.isArray(value) || value.some((item) => typeof item !== 'string'))
    ) {
      throw new Error(`${file}: section "${key}" must be a list of package names`);
    }
  }
  const wanted = [
    'common',
    platform === 'win32' ? 'windows' : platform === 'linux' ? 'linux' : undefined,
  ];
  for (const section of wanted) {
    if (section !== undefined) packages.push(...((document?.[section] as string[] | null) ?? []));
  }
  return packages;
}

/** Where the CLI resolves plugin packages: its own dependencies first, then the working folder. */
export const cliResolveFrom = [
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'),
  process.cwd(),
];

/** A registry holding the plugins each package exports; any failure names the package. */
export function loadRegistry(packages: readonly string[]): Promise<FlusherRegistry> {
  return loadPlugins(packages, { resolveFrom: cliResolveFrom });
}
