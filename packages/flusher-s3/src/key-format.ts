import { compileFormatString, type FieldSource, type FormatString } from '@logflush/core';

/** The tokens KeyFormat adds to core's format strings; each is filled when an object is opened. */
export const keyTokens = ['uuid', 'index', 'ext'] as const;
export type KeyToken = (typeof keyTokens)[number];

/** What fills the tokens of one object's key. */
export interface KeyTokenValues {
  uuid: string;
  index: number;
  ext: string;
}

const TOKEN = /\{(uuid|index|ext)\}/g;
/** Separates the rendered text parts inside a batch key; a rendered value can never contain NUL. */
const SEPARATOR = '\0';

/**
 * A compiled `KeyFormat`: core format strings (`%Y %m %d %H %M %S`, `%{tag.x}`, `%{content.x}`)
 * in `path` mode, split by the `{uuid}`, `{index}` and `{ext}` tokens. Logs whose text parts
 * render the same share a batch (its "batch key"); the tokens are filled per object.
 */
export class KeyFormat {
  readonly #texts: readonly FormatString[];
  readonly #tokens: readonly KeyToken[];
  /** The template uses `%{…}` fields, so every log is rendered on its own. */
  readonly usesFields: boolean;
  /**
   * Seconds over which the rendered time cannot change: logs whose Unix time falls in the same
   * multiple of it render the same (1 for %S, 60 for %M, 3600 for %H, 86400 for days, months and
   * years, which UTC days never straddle); Infinity without strftime.
   */
  readonly timeGranularity: number;

  constructor(
    readonly template: string,
    fallback: string,
  ) {
    if (template.includes('\0')) throw new Error('KeyFormat must not contain a NUL character');
    if (template.startsWith('/')) {
      throw new Error(
        `KeyFormat must not start with "/" (an S3 key has no leading slash), given ${JSON.stringify(template)}`,
      );
    }
    if (!template.includes('{uuid}')) {
      throw new Error(
        `KeyFormat must contain {uuid}, so that no object ever replaces another; given ${JSON.stringify(template)}`,
      );
    }
    const texts: string[] = [];
    const tokens: KeyToken[] = [];
    let last = 0;
    for (const match of template.matchAll(TOKEN)) {
      texts.push(template.slice(last, match.index));
      tokens.push(match[1] as KeyToken);
      last = match.index + match[0].length;
    }
    texts.push(template.slice(last));
    this.#texts = texts.map((text) => compileFormatString(text, { mode: 'path', fallback }));
    this.#tokens = tokens;
    this.usesFields = this.#texts.some((text) => text.fields.length > 0);
    this.timeGranularity = timeGranularity(template);
  }

  /** The batch key of a log: every text part rendered, tokens left open. */
  batchKey(fields: FieldSource | undefined, time: number): string {
    let out = this.#texts[0]!.render(fields, time);
    for (let i = 1; i < this.#texts.length; i++)
      out += SEPARATOR + this.#texts[i]!.render(fields, time);
    return out;
  }

  /** The object key: a batch key with its tokens filled. */
  objectKey(batchKey: string, values: KeyTokenValues): string {
    const texts = batchKey.split(SEPARATOR);
    let out = texts[0]!;
    for (let i = 0; i < this.#tokens.length; i++) {
      const token = this.#tokens[i]!;
      out += (token === 'index' ? String(values.index) : values[token]) + texts[i + 1]!;
    }
    return out;
  }
}

const unitSeconds: Readonly<Record<string, number>> = {
  S: 1,
  M: 60,
  H: 3600,
  d: 86400,
  m: 86400,
  Y: 86400,
};

// TODO(core): FormatString could expose the strftime units it parsed
// (`readonly timeUnits: ReadonlySet<TimeUnit>`); until then the template is scanned here.
function timeGranularity(template: string): number {
  let granularity = Number.POSITIVE_INFINITY;
  for (let i = 0; i < template.length; i++) {
    if (template[i] !== '%') continue;
    const unit = template[i + 1] ?? '';
    if (unit in unitSeconds) granularity = Math.min(granularity, unitSeconds[unit]!);
    i++; // skips the directive's letter, so that "%%S" is a literal "%S"
  }
  return granularity;
}
