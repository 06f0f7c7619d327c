import { registryFor, type PluginOptions } from './shared.js';

export interface PluginsOptions extends PluginOptions {
  json?: boolean;
}

/** The loaded plugins and their descriptions, as text or JSON. */
export async function pluginsCommand(options: PluginsOptions): Promise<string> {
  const plugins = (await registryFor(options))
    .list()
    .map((plugin) => ({ type: plugin.type, description: plugin.description }));
  if (options.json === true) return JSON.stringify(plugins, null, 2);
  const width = Math.max(...plugins.map((plugin) => plugin.type.length));
  return plugins.map((plugin) => `${plugin.type.padEnd(width)}  ${plugin.description}`).join('\n');
}
