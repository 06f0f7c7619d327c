import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { FlusherRegistry, type FlusherPlugin } from '@logflush/core';

const sections = ['common', 'linux', 'windows'] as const;

/** The packages plugins.yml lists for this OS: `common`, then `linux` or `windows`. */
export function readPluginList(file: string, platform: NodeJS.Platform = process.platform): string[] {
  const document = parseYaml(fs.readFileSync(file, 'utf8')) as Record<string, unknown> | null;
  const packages: string[] = [];
  for (const [key, value] of Object.entries(document ?? {})) {
    if (!(sections as readonly string[]).includes(key)) {
      throw new Error(`${file}: unknown section "${key}"; sections are ${sections.join(', ')}`);
    }
    if (value !== null && (!Array.isArray(value) || value.some((item) => typeof item !== 'string'))) {
      throw new Error(`${file}: section "${key}" must be a list of package names`);
    }
  }
  const wanted = ['common', platform === 'win32' ? 'windows' : platform === 'linux' ? 'linux' : undefined];
  for (const section of wanted) {
    if (section !== undefined) packages.push(...((document?.[section] as string[] | null) ?? []));
  }
  return packages;
}

function isPlugin(value: unknown): value is FlusherPlugin {
  const candidate = value as Partial<FlusherPlugin> | undefined;
  return typeof candidate?.type === 'string' && typeof candidate.create === 'function';
}

/** Imports a package: from the CLI's own dependencies first, then from the working folder. */
async function importPackage(name: string): Promise<Record<string, unknown>> {
  try {
    return (await import(name)) as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    const fromCwd = createRequire(path.join(process.cwd(), 'package.json')).resolve(name);
    return (await import(pathToFileURL(fromCwd).href)) as Record<string, unknown>;
  }
}

/** A registry holding the plugin each package exports as `plugin`; any failure names the package. */
export async function loadRegistry(packages: readonly string[]): Promise<FlusherRegistry> {
  const registry = new FlusherRegistry();
  for (const name of packages) {
    let exports: Record<string, unknown>;
    try {
      exports = await importPackage(name);
    } catch (error) {
      throw new Error(`plugin package "${name}" failed to load: ${(error as Error).message}`, { cause: error });
    }
    if (!isPlugin(exports.plugin)) {
      throw new Error(`plugin package "${name}" does not export a flusher plugin as "plugin" (see defineFlusher in @logflush/core)`);
    }
    // The same plugin named twice (in plugins.yml and with --plugin) is loaded once.
    if (registry.has(exports.plugin.type) && registry.get(exports.plugin.type) === exports.plugin) continue;
    try {
      registry.register(exports.plugin);
    } catch (error) {
      throw new Error(`plugin package "${name}": ${(error as Error).message}`, { cause: error });
    }
  }
  return registry;
}
