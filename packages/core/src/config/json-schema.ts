import { z } from 'zod';
import { isSecret } from './secret.js';

/**
 * The JSON Schema (draft 2020-12) of a plugin's `detail`, for editors: option descriptions,
 * defaults in their input form, durations as a number of nanoseconds or a duration string,
 * secrets marked `writeOnly`, and `additionalProperties: false` on every object that rejects
 * unknown options. JSON Schema cannot say that names match ignoring case, so it lists each
 * option under its canonical name (the one in the plugin's schema); parseConfig also accepts
 * other cases of it.
 */
export function configJsonSchema(schema: z.ZodObject): Record<string, unknown> {
  return z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      if ('secret' in jsonSchema) delete jsonSchema.secret;
      if (isSecret(zodSchema)) jsonSchema.writeOnly = true;
      if (zodSchema instanceof z.core.$ZodObject) {
        const { catchall } = zodSchema._zod.def;
        if (!catchall || catchall instanceof z.core.$ZodNever)
          jsonSchema.additionalProperties = false;
      }
    },
  });
}
