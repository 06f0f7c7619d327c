import { registryFor, type PluginOptions } from './shared.js';

/**
 * The JSON Schema of a pipeline file: `flushers` is a list whose items are iLogtail's
 * `{ type, detail }` with each plugin's detail schema chosen by its type.
 */
export async function schemaCommand(options: PluginOptions): Promise<string> {
  const plugins = (await registryFor(options)).list();
  const flusherItem = {
    oneOf: plugins.map((plugin) => ({
      type: 'object',
      description: plugin.description,
      properties: {
        type: { type: 'string', pattern: `^${plugin.type}(/[A-Za-z0-9_.-]+)?$` },
        detail: plugin.jsonSchema(),
      },
      required: ['type'],
      additionalProperties: false,
    })),
  };
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'logflush pipeline',
    type: 'object',
    properties: {
      flushers: { type: 'array', minItems: 1, items: flusherItem },
      inputs: { type: 'array', description: 'iLogtail inputs; ignored by logflush' },
      processors: { type: 'array', description: 'iLogtail processors; ignored by logflush' },
      aggregators: { type: 'array', description: 'iLogtail aggregators; ignored by logflush' },
      global: { type: 'object', description: 'iLogtail global settings; ignored by logflush' },
      enable: { type: 'boolean' },
    },
    required: ['flushers'],
    additionalProperties: false,
  };
  return JSON.stringify(schema, null, 2);
}
