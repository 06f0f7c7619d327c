import type { Log, LogContent } from '../loggroup/types.js';

/** Marks a slot that takes the log's time instead of a content value. */
export const TIME_SLOT = -1;

/**
 * One output line compiled for a sequence of content keys: fixed text (keys, separators, tag
 * values, all already escaped) around slots that take content values (by index) or the time.
 * Logs of a group usually share their keys, so a template is built once and reused.
 */
export interface LineTemplate {
  /** `slots.length + 1` pieces of fixed text; slot `i` goes between `literals[i]` and `literals[i + 1]`. */
  readonly literals: readonly string[];
  readonly slots: readonly number[];
}

export type EscapeString = (s: string) => string;

/** Collects literal text and slots, merging adjacent literals. */
export class LineTemplateBuilder {
  private readonly literals: string[] = [''];
  private readonly slots: number[] = [];

  text(s: string): this {
    this.literals[this.literals.length - 1] += s;
    return this;
  }

  content(index: number): this {
    this.slots.push(index);
    this.literals.push('');
    return this;
  }

  time(): this {
    this.slots.push(TIME_SLOT);
    this.literals.push('');
    return this;
  }

  build(): LineTemplate {
    return { literals: this.literals, slots: this.slots };
  }
}

/** The log's time as decimal text, after checking that it is a uint32. */
export function timeText(log: Log): string {
  const t = log.Time;
  if (t >>> 0 !== t) {
    throw new TypeError(`Log.Time must be a uint32 number of Unix seconds; got ${String(t)}`);
  }
  return '' + t;
}

function contentValue(contents: readonly LogContent[], index: number): string {
  const value = contents[index]?.Value;
  if (typeof value !== 'string') {
    throw new TypeError(
      `Log.Contents[${index}].Value must be a string; got ${typeof value} (key ${JSON.stringify(contents[index]?.Key)})`,
    );
  }
  return value;
}

export function renderLine(template: LineTemplate, log: Log, escape: EscapeString): string {
  const { literals, slots } = template;
  const contents = log.Contents;
  let out = literals[0]!;
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i]!;
    out +=
      (slot === TIME_SLOT ? timeText(log) : escape(contentValue(contents, slot))) +
      literals[i + 1]!;
  }
  return out;
}

/**
 * One line per log, each rendered with the template `build` makes for its content keys; logs
 * with the same keys as the log before them reuse its template.
 */
export function renderLines(
  logs: readonly Log[],
  build: (contents: readonly LogContent[]) => LineTemplate,
  escape: EscapeString,
): string[] {
  const cache = new TemplateCache(build);
  const out = new Array<string>(logs.length);
  for (let i = 0; i < logs.length; i++) {
    const log = logs[i]!;
    out[i] = renderLine(cache.get(log.Contents), log, escape);
  }
  return out;
}

/** Remembers the template of the last key sequence seen. */
class TemplateCache {
  private keys: string[] | undefined;
  private template: LineTemplate | undefined;

  constructor(private readonly build: (contents: readonly LogContent[]) => LineTemplate) {}

  get(contents: readonly LogContent[]): LineTemplate {
    const keys = this.keys;
    if (keys !== undefined && keys.length === contents.length) {
      let same = true;
      for (let i = 0; i < keys.length; i++) {
        if (keys[i] !== contents[i]!.Key) {
          same = false;
          break;
        }
      }
      if (same) return this.template!;
    }
    const template = this.build(contents);
    this.keys = contents.map((c) => c.Key);
    this.template = template;
    return template;
  }
}

/** Checks a content key before it is compiled into a template. */
export function contentKey(contents: readonly LogContent[], index: number): string {
  const key = contents[index]?.Key;
  if (typeof key !== 'string') {
    throw new TypeError(`Log.Contents[${index}].Key must be a string; got ${typeof key}`);
  }
  return key;
}
