import type { Flusher, FlusherPlugin } from './flusher.js';
import { assertFlusherType, parseFlusherName } from './flusher-type.js';
import { nearestMatch } from './nearest.js';

/** Thrown for a type no registered plugin has; lists the known types and the nearest one. */
export class UnknownFlusherError extends Error {
  constructor(
    readonly type: string,
    readonly known: string[],
    readonly suggestion: string | undefined,
  ) {
    const hint = suggestion === undefined ? '' : ` Did you mean "${suggestion}"?`;
    const list = known.length === 0 ? 'none' : known.join(', ');
    super(`unknown flusher type "${type}".${hint} Known types: ${list}.`);
    this.name = 'UnknownFlusherError';
  }
}

export interface FlusherSpec {
  /** A flusher type, or iLogtail's `type/id` for a further instance of it. */
  type: string;
  detail?: unknown;
}

/** Holds plugin descriptors by type. */
export class FlusherRegistry {
  readonly #plugins = new Map<string, FlusherPlugin>();

  register(plugin: FlusherPlugin): void {
    assertFlusherType(plugin.type);
    if (this.#plugins.has(plugin.type)) {
      throw new Error(`flusher type "${plugin.type}" is already registered`);
    }
    this.#plugins.set(plugin.type, plugin);
  }

  has(name: string): boolean {
    return this.#plugins.has(parseFlusherName(name).type);
  }

  /** The plugin for a type or `type/id`; throws UnknownFlusherError when there is none. */
  get(name: string): FlusherPlugin {
    const { type } = parseFlusherName(name);
    const plugin = this.#plugins.get(type);
    if (plugin === undefined) {
      const known = [...this.#plugins.keys()].sort();
      throw new UnknownFlusherError(type, known, nearestMatch(type, known));
    }
    return plugin;
  }

  /** Every registered plugin, sorted by type. */
  list(): FlusherPlugin[] {
    return [...this.#plugins.values()].sort((a, b) => a.type.localeCompare(b.type));
  }

  /** Decodes `detail` with the plugin's schema and creates the flusher. */
  create(spec: FlusherSpec, path = 'detail'): Flusher {
    return this.get(spec.type).create(spec.detail ?? {}, path);
  }
}
