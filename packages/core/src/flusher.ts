import type { z } from 'zod';
import type { Logger } from './logger.js';
import type { FlusherMetrics } from './metrics.js';
import type { LogGroup } from './loggroup/types.js';
import { parseConfig } from './config/parse.js';
import { configJsonSchema } from './config/json-schema.js';
import { assertFlusherType } from './flusher-type.js';

/** What a flusher is handed at `init`: who it works for, where it logs, what it counts. */
export interface FlusherContext {
  readonly configName: string;
  readonly project: string;
  readonly logstore: string;
  readonly logger: Logger;
  readonly metrics: FlusherMetrics;
  /** Fires when the pipeline is torn down. */
  readonly signal: AbortSignal;
}

/**
 * The output stage of a pipeline (iLogtail's `Flusher` interface). The caller asks `isReady`
 * before every `flush`; a resolved `flush` means the data is the flusher's responsibility.
 */
export interface Flusher {
  init(context: FlusherContext): Promise<void>;
  description(): string;
  isReady(project: string, logstore: string, logstoreKey: bigint): boolean;
  flush(
    project: string,
    logstore: string,
    configName: string,
    logGroups: LogGroup[],
  ): Promise<void>;
  setUrgent(flag: boolean): void;
  stop(): Promise<void>;
  /**
   * Optional (not in iLogtail's interface): what a flusher with a durable buffer (`Buffer:
   * {"Type": "disk"}`) holds there, accepted and not yet delivered; after `stop`, what stays
   * there for its next start. Undefined for a flusher without one.
   */
  backlog?(): FlusherBacklog | undefined;
}

/** Logs (and their bytes) a flusher holds in its durable buffer; see `Flusher.backlog`. */
export interface FlusherBacklog {
  readonly logs: number;
  readonly bytes: number;
}

/** An object-shaped config schema: the only kind a plugin's `detail` may have. */
export type ConfigSchema = z.ZodObject;

/** A plugin descriptor: what the registry holds and the runner creates flushers from. */
export interface FlusherPlugin<Schema extends ConfigSchema = ConfigSchema> {
  readonly type: string;
  readonly description: string;
  readonly configSchema: Schema;
  /** Decodes a pipeline's `detail` (docs/design.md §3); throws a ConfigError naming every bad option. */
  parseConfig(detail: unknown, path?: string): z.output<Schema>;
  /** Decodes `detail` and builds a flusher from it. */
  create(detail: unknown, path?: string): Flusher;
  /** The JSON Schema of `detail`, for editors. */
  jsonSchema(): Record<string, unknown>;
}

export interface FlusherDefinition<Schema extends ConfigSchema> {
  type: string;
  description: string;
  configSchema: Schema;
  createFlusher(config: z.output<Schema>): Flusher;
}

/**
 * A flusher class that names its plugin: `static type` and `static description` beside a
 * constructor that takes the decoded config (the shape every first-party flusher has).
 */
export interface FlusherClass<Schema extends ConfigSchema> {
  readonly type: string;
  readonly description: string;
  new (config: z.output<Schema>): Flusher;
}

/**
 * Builds a plugin descriptor, from a definition or from a flusher class and its config schema
 * (`defineFlusher(FileFlusher, configSchema)`); the type must match `^flusher_[a-z0-9_]+$`.
 */
export function defineFlusher<Schema extends ConfigSchema>(
  definition: FlusherDefinition<Schema>,
): FlusherPlugin<Schema>;
export function defineFlusher<Schema extends ConfigSchema>(
  flusherClass: FlusherClass<Schema>,
  configSchema: Schema,
): FlusherPlugin<Schema>;
export function defineFlusher<Schema extends ConfigSchema>(
  given: FlusherDefinition<Schema> | FlusherClass<Schema>,
  schema?: Schema,
): FlusherPlugin<Schema> {
  const definition: FlusherDefinition<Schema> =
    typeof given === 'function'
      ? {
          type: given.type,
          description: given.description,
          configSchema: schema!,
          createFlusher: (config) => new given(config),
        }
      : given;
  assertFlusherType(definition.type);
  const { type, description, configSchema } = definition;
  const parse = (detail: unknown, path = 'detail') => parseConfig(configSchema, detail, path);
  const createFlusher = (config: z.output<Schema>) => definition.createFlusher(config);
  return Object.freeze({
    type,
    description,
    configSchema,
    parseConfig: parse,
    create: (detail: unknown, path?: string) => createFlusher(parse(detail, path)),
    jsonSchema: () => configJsonSchema(configSchema),
  });
}
