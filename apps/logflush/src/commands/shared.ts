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

/** A first-party flusher package: `run` loads it only when the pipeline names its type. */
const firstPartyPackage = /^@logflush\/flusher-[a-z0-9-]+$/;

/**
 * What `run` loads up front: the packages of plugins.yml that are not first-party flushers (their
 * types are known only once loaded) and those named with --plugin. A first-party package
 * (`@logflush/flusher-x`) is loaded by the pipeline when a flusher of type `flusher_x` is named,
 * so that a pipeline of flusher_stdout never loads kafkajs or the AWS SDK.
 */
export function runPluginPackages(options: PluginOptions): string[] {
  return [
    ...readPluginList(pluginListFile).filter((name) => !firstPartyPackage.test(name)),
    ...(options.plugin ?? []),
  ];
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
