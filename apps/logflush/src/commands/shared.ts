import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FlusherRegistry } from '@logflush/core';
import { loadRegistry, readPluginList } from '../plugins.js';

/** plugins.yml beside the package's dist/ folder. */
export const pluginListFile = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'plugins.yml',
);

export interface PluginOptions {
  plugin?: string[];
}

/** The packages of plugins.yml plus those named with --plugin. */
export function pluginPackages(options: PluginOptions): string[] {
  return [...readPluginList(pluginListFile), ...(options.plugin ?? [])];
}

/** The registry of plugins.yml's packages plus those named with --plugin. */
export function registryFor(options: PluginOptions): Promise<FlusherRegistry> {
  return loadRegistry(pluginPackages(options));
}

/** An error the user can act on: printed as one line, without a stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
