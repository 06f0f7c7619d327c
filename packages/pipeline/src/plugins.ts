import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  FlusherRegistry,
  nearestMatch,
  parseFlusherName,
  UnknownFlusherError,
  type FlusherPlugin,
} from '@logflush/core';

declare const __LOGFLUSH_FORMAT__: string | undefined;

/** The module system this build runs in; a plugin is loaded through the same one. */
const format = typeof __LOGFLUSH_FORMAT__ === 'string' ? __LOGFLUSH_FORMAT__ : 'esm';
const conditions =
  format === 'cjs' ? ['node', 'require', 'default'] : ['node', 'import', 'default'];

/** The flusher packages of this repository, by type (for the "install it" message). */
export const firstPartyFlushers: Readonly<Record<string, string>> = Object.freeze({
  flusher_file: '@logflush/flusher-file',
  flusher_kafka: '@logflush/flusher-kafka',
  flusher_s3: '@logflush/flusher-s3',
  flusher_stdout: '@logflush/flusher-stdout',
});

/** `flusher_http_json` → `@logflush/flusher-http-json`. */
export function firstPartyPackage(type: string): string {
  return `@logflush/${parseFlusherName(type).type.replaceAll('_', '-')}`;
}

/** Where packages are looked up: folders or file URLs/paths, each with its node_modules above it. */
export type ResolveFrom = string | URL | ReadonlyArray<string | URL>;

export interface PluginLoadOptions {
  /**
   * Where plugin packages are resolved from, in order; default `process.cwd()` (the app). After
   * these, @logflush/pipeline's own location is tried. A path (`./x.mjs`, `/abs/x.js`) is always
   * resolved from `process.cwd()`.
   */
  resolveFrom?: ResolveFrom;
}

/** A package that could not be found from any of the places it was looked for. */
export class PackageNotFoundError extends Error {
  readonly code = 'ERR_MODULE_NOT_FOUND';
  constructor(
    readonly specifier: string,
    readonly searched: string[],
  ) {
    super(`cannot find "${specifier}" from ${searched.join(', ')}`);
    this.name = 'PackageNotFoundError';
  }
}

const isPathSpecifier = (name: string) =>
  name.startsWith('.') || path.isAbsolute(name) || name.startsWith('file:');

function baseDirs(resolveFrom: ResolveFrom | undefined): string[] {
  const list: ReadonlyArray<string | URL> =
    resolveFrom === undefined
      ? [process.cwd()]
      : typeof resolveFrom === 'string' || resolveFrom instanceof URL
        ? [resolveFrom]
        : resolveFrom;
  return list.map((base: string | URL) => {
    const file =
      base instanceof URL || base.startsWith('file:') ? fileURLToPath(base) : path.resolve(base);
    return fs.existsSync(file) && fs.statSync(file).isDirectory() ? file : path.dirname(file);
  });
}

function splitSpecifier(name: string): { packageName: string; subpath: string } {
  const parts = name.split('/');
  const count = name.startsWith('@') ? 2 : 1;
  const rest = parts.slice(count).join('/');
  return { packageName: parts.slice(0, count).join('/'), subpath: rest === '' ? '.' : `./${rest}` };
}

function pickTarget(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) {
    for (const item of target) {
      const picked = pickTarget(item);
      if (picked !== undefined) return picked;
    }
    return undefined;
  }
  if (typeof target === 'object' && target !== null) {
    for (const [condition, value] of Object.entries(target)) {
      if (!conditions.includes(condition)) continue;
      const picked = pickTarget(value);
      if (picked !== undefined) return picked;
    }
  }
  return undefined;
}

/** The file a package's `exports` map gives for `subpath` under this build's conditions. */
function exportTarget(exportsField: unknown, subpath: string): string | undefined {
  const sugar =
    typeof exportsField === 'string' ||
    Array.isArray(exportsField) ||
    (typeof exportsField === 'object' &&
      exportsField !== null &&
      !Object.keys(exportsField).some((key) => key.startsWith('.')));
  if (sugar) return subpath === '.' ? pickTarget(exportsField) : undefined;
  return pickTarget((exportsField as Record<string, unknown>)[subpath]);
}

/**
 * The node_modules folders a package is looked for in: each one above `base` (ESM's rule), plus
 * NODE_PATH and the global folders for require (CommonJS's).
 */
function lookupDirs(requireFromBase: NodeJS.Require, packageName: string, base: string): string[] {
  if (format === 'cjs') return requireFromBase.resolve.paths(packageName) ?? [];
  const dirs: string[] = [];
  for (let dir = base; ; dir = path.dirname(dir)) {
    if (path.basename(dir) !== 'node_modules') dirs.push(path.join(dir, 'node_modules'));
    if (path.dirname(dir) === dir) return dirs;
  }
}

/**
 * The file `name` resolves to from `base`, as Node's resolver would for this build's module
 * system: the package's `exports` under the import (or require) conditions, else its `main`.
 */
function resolveFromBase(name: string, base: string): string | undefined {
  const requireFromBase = createRequire(path.join(base, 'noop.js'));
  const { packageName, subpath } = splitSpecifier(name);
  for (const dir of lookupDirs(requireFromBase, packageName, base)) {
    const root = path.join(dir, packageName);
    const manifestFile = path.join(root, 'package.json');
    if (!fs.existsSync(manifestFile)) continue;
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { exports?: unknown };
    if (manifest.exports === undefined || manifest.exports === null)
      return requireFromBase.resolve(name);
    const target = exportTarget(manifest.exports, subpath);
    if (target === undefined)
      throw new Error(
        `package "${packageName}" (${root}) exports nothing for "${subpath}" under the conditions ${conditions.join(', ')}`,
      );
    return path.resolve(root, target);
  }
  return undefined;
}

/** Imports a package (or a file) from the first place that has it; see PluginLoadOptions. */
export async function importPackage(
  name: string,
  options: PluginLoadOptions = {},
): Promise<Record<string, unknown>> {
  if (isPathSpecifier(name)) {
    const file = name.startsWith('file:') ? fileURLToPath(name) : path.resolve(process.cwd(), name);
    if (!fs.existsSync(file)) throw new PackageNotFoundError(name, [process.cwd()]);
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  }
  const bases = baseDirs(options.resolveFrom);
  for (const base of bases) {
    const file = resolveFromBase(name, base);
    if (file !== undefined)
      return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  }
  try {
    // @logflush/pipeline's own dependencies (a hoisted install, pnpm's links of optional peers).
    if (format === 'cjs') return createRequire(__filename)(name) as Record<string, unknown>;
    return (await import(name)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw error;
    // A missing dependency inside a package that was found is that package's problem: say so.
    if (!(error as Error).message.includes(`'${name}'`)) throw error;
    throw new PackageNotFoundError(name, [...bases, '@logflush/pipeline']);
  }
}

function isPlugin(value: unknown): value is FlusherPlugin {
  const candidate = value as Partial<FlusherPlugin> | undefined;
  return typeof candidate?.type === 'string' && typeof candidate.create === 'function';
}

/** The plugins a package exports: `plugin`, or a list as `plugins`. */
function exportedPlugins(name: string, exports: Record<string, unknown>): FlusherPlugin[] {
  const list =
    exports.plugins !== undefined
      ? exports.plugins
      : exports.plugin !== undefined
        ? [exports.plugin]
        : undefined;
  if (!Array.isArray(list) || list.length === 0 || !list.every(isPlugin)) {
    throw new Error(
      `plugin package "${name}" does not export a flusher plugin as "plugin" (or a list as "plugins"; see defineFlusher in @logflush/core)`,
    );
  }
  return list;
}

/**
 * Registers the plugins of each package (or each plugin descriptor given as it is); the same
 * plugin named twice is registered once. Any failure names the package.
 */
export async function addPlugins(
  registry: FlusherRegistry,
  packages: ReadonlyArray<string | FlusherPlugin>,
  options: PluginLoadOptions = {},
): Promise<FlusherRegistry> {
  for (const item of packages) {
    if (typeof item !== 'string') {
      if (!isPlugin(item))
        throw new TypeError(
          'plugins: expected package names or flusher plugins (see defineFlusher in @logflush/core)',
        );
      if (!(registry.has(item.type) && registry.get(item.type) === item)) registry.register(item);
      continue;
    }
    const name = item;
    let exports: Record<string, unknown>;
    try {
      exports = await importPackage(name, options);
    } catch (error) {
      throw new Error(`plugin package "${name}" failed to load: ${(error as Error).message}`, {
        cause: error,
      });
    }
    for (const plugin of exportedPlugins(name, exports)) {
      if (registry.has(plugin.type) && registry.get(plugin.type) === plugin) continue;
      try {
        registry.register(plugin);
      } catch (error) {
        throw new Error(`plugin package "${name}": ${(error as Error).message}`, { cause: error });
      }
    }
  }
  return registry;
}

/** A registry holding the plugins the packages export. */
export function loadPlugins(
  packages: ReadonlyArray<string | FlusherPlugin>,
  options: PluginLoadOptions = {},
): Promise<FlusherRegistry> {
  return addPlugins(new FlusherRegistry(), packages, options);
}

/**
 * Loads the first-party package of every type the registry does not have (`flusher_x` →
 * `@logflush/flusher-x`) and returns, per type still missing, the message to show: the package to
 * install for a first-party type, else UnknownFlusherError's (known types and the nearest).
 */
export async function loadFlusherTypes(
  registry: FlusherRegistry,
  names: readonly string[],
  options: PluginLoadOptions = {},
): Promise<Map<string, string>> {
  const problems = new Map<string, string>();
  const missing = new Set<string>();
  for (const name of names) {
    let type: string;
    try {
      type = parseFlusherName(name).type;
    } catch {
      continue; // buildFlushers reports the bad name
    }
    if (!registry.has(type)) missing.add(type);
  }
  for (const type of missing) {
    const packageName = firstPartyPackage(type);
    try {
      await addPlugins(registry, [packageName], options);
    } catch (error) {
      const notFound = (error as Error).cause instanceof PackageNotFoundError;
      if (!notFound) {
        problems.set(type, (error as Error).message);
      } else if (type in firstPartyFlushers) {
        problems.set(
          type,
          `flusher type "${type}" is in the package ${packageName}, which is not installed: install it beside your app (npm install ${packageName})`,
        );
      } else {
        const known = [
          ...new Set([
            ...registry.list().map((plugin) => plugin.type),
            ...Object.keys(firstPartyFlushers),
          ]),
        ].sort();
        problems.set(type, new UnknownFlusherError(type, known, nearestMatch(type, known)).message);
      }
      continue;
    }
    if (!registry.has(type))
      problems.set(type, `package ${packageName} does not provide the flusher type "${type}"`);
  }
  return problems;
}
