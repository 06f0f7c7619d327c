import { lookupField, parseFieldRef, type FieldRef, type FieldSource } from './field-source.js';
import { TimeFields, timeUnits, type TimeUnit, type TimeZone } from './format-time.js';

/*
 * Templates for topics, file paths and object keys, compiled once and rendered per log or batch:
 * - `%{content.<key>}`, `%{tag.<key>}`: a field of the log, looked up in a FieldSource (for the
 *   iLogtail converter's semantics of content and tag names, see ilogtail-fields.ts);
 * - `${VAR}`, `${VAR:default}`: an environment variable, resolved when compiling (the default is
 *   used when VAR is unset or empty; an unset VAR without a default is an error);
 * - `%Y %m %d %H %M %S`: the time (Unix seconds) in UTC unless `timeZone: 'local'`;
 * - `%%` and `$$` stand for a literal `%` and `$`; `%` followed by anything else is an error, a
 *   `$` not followed by `{` or `$` is literal.
 * iLogtail's own `%{…}` (pkg/fmtstr) writes the field's name when the value is missing; here a
 * missing field is an error unless the caller gives a fallback.
 */

export interface FormatStringOptions {
  /**
   * `path`: the result is a file path or object key, so a substituted value must not contain `/`,
   * `\` or NUL nor make a `..` segment, and an empty value counts as missing. Default `text`.
   */
  mode?: 'text' | 'path';
  /** Zone of `%Y %m %d %H %M %S`; default `utc`. */
  timeZone?: TimeZone;
  /** Environment for `${VAR}`; `process.env` by default. */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Value used for a missing field; a function receives the reference (`content.app`).
   * Without it a missing field makes `render` throw.
   */
  fallback?: string | ((field: string) => string);
}

export interface FormatString {
  readonly template: string;
  /** The fields referenced, each once, in order of first use. */
  readonly fields: readonly FieldRef[];
  readonly usesTime: boolean;
  /** No field and no time: `render` always returns the same text. */
  readonly isStatic: boolean;
  /** Renders for one log (or batch); `time` is Unix seconds, needed when `usesTime`. */
  render(fields?: FieldSource, time?: number): string;
}

/** A template does not compile, or cannot be rendered for a log; names the template. */
export class FormatStringError extends Error {
  constructor(
    message: string,
    readonly template: string,
    readonly field?: string,
  ) {
    super(`${message} (format string ${JSON.stringify(template)})`);
    this.name = 'FormatStringError';
  }
}

type Part =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'field'; readonly field: FieldRef }
  | { readonly kind: 'time'; readonly unit: TimeUnit };

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function parse(template: string, env: Readonly<Record<string, string | undefined>>): Part[] {
  const parts: Part[] = [];
  let text = '';
  const flush = (): void => {
    if (text !== '') parts.push({ kind: 'text', text });
    text = '';
  };
  let i = 0;
  while (i < template.length) {
    const percent = template.indexOf('%', i);
    const dollar = template.indexOf('$', i);
    const next = percent === -1 ? dollar : dollar === -1 ? percent : Math.min(percent, dollar);
    if (next === -1) {
      text += template.slice(i);
      break;
    }
    text += template.slice(i, next);
    const c = template[next + 1];
    if (template[next] === '$') {
      if (c === '$') {
        text += '$';
        i = next + 2;
      } else if (c === '{') {
        const close = template.indexOf('}', next + 2);
        if (close === -1) throw new FormatStringError('unterminated "${"', template);
        text += envValue(template.slice(next + 2, close), env, template);
        i = close + 1;
      } else {
        text += '$';
        i = next + 1;
      }
    } else if (c === '%') {
      text += '%';
      i = next + 2;
    } else if (c === '{') {
      const close = template.indexOf('}', next + 2);
      if (close === -1) throw new FormatStringError('unterminated "%{"', template);
      const ref = template.slice(next + 2, close);
      let field: FieldRef;
      try {
        field = parseFieldRef(ref);
      } catch (error) {
        throw new FormatStringError((error as Error).message, template, ref);
      }
      flush();
      parts.push({ kind: 'field', field });
      i = close + 1;
    } else if (c !== undefined && timeUnits.has(c)) {
      flush();
      parts.push({ kind: 'time', unit: c as TimeUnit });
      i = next + 2;
    } else {
      const directive = c === undefined ? '%' : `%${c}`;
      throw new FormatStringError(
        `unknown directive "${directive}": use %{content.<key>}, %{tag.<key>}, %Y %m %d %H %M %S, or %% for a literal "%"`,
        template,
      );
    }
  }
  flush();
  return parts;
}

function envValue(
  reference: string,
  env: Readonly<Record<string, string | undefined>>,
  template: string,
): string {
  const colon = reference.indexOf(':');
  const name = colon === -1 ? reference : reference.slice(0, colon);
  if (!ENV_NAME.test(name)) {
    throw new FormatStringError(
      `"\${${reference}}" does not name an environment variable`,
      template,
    );
  }
  const value = Object.hasOwn(env, name) ? env[name] : undefined;
  if (colon !== -1 && (value === undefined || value === '')) return reference.slice(colon + 1);
  if (value === undefined) {
    throw new FormatStringError(`environment variable ${name} is not set`, template);
  }
  return value;
}

function pathProblem(value: string): string | undefined {
  if (value.includes('/')) return 'contains "/"';
  if (value.includes('\\')) return 'contains "\\"';
  if (value.includes('\0')) return 'contains a NUL character';
  return undefined;
}

class CompiledFormatString implements FormatString {
  readonly fields: readonly FieldRef[];
  readonly usesTime: boolean;
  readonly isStatic: boolean;
  private readonly constant: string | undefined;
  private readonly time: TimeFields;
  private readonly path: boolean;
  private readonly fallback: FormatStringOptions['fallback'];

  constructor(
    readonly template: string,
    private readonly parts: readonly Part[],
    options: FormatStringOptions,
  ) {
    const seen = new Map<string, FieldRef>();
    for (const part of parts) {
      if (part.kind === 'field' && !seen.has(part.field.ref)) seen.set(part.field.ref, part.field);
    }
    this.fields = [...seen.values()];
    this.usesTime = parts.some((part) => part.kind === 'time');
    this.isStatic = this.fields.length === 0 && !this.usesTime;
    this.constant = this.isStatic
      ? parts.map((part) => (part.kind === 'text' ? part.text : '')).join('')
      : undefined;
    this.time = new TimeFields(options.timeZone ?? 'utc');
    this.path = (options.mode ?? 'text') === 'path';
    this.fallback = options.fallback;
  }

  render(fields?: FieldSource, time?: number): string {
    if (this.constant !== undefined) return this.constant;
    let out = '';
    let spans: number[] | undefined;
    for (const part of this.parts) {
      switch (part.kind) {
        case 'text':
          out += part.text;
          break;
        case 'time':
          if (typeof time !== 'number' || !Number.isFinite(time)) {
            throw new FormatStringError(
              `%${part.unit} needs a time; got ${String(time)}`,
              this.template,
            );
          }
          out += this.time.get(time, part.unit);
          break;
        case 'field': {
          const value = this.fieldValue(part.field, fields);
          if (this.path) (spans ??= []).push(out.length, out.length + value.length);
          out += value;
          break;
        }
      }
    }
    if (spans !== undefined && out.includes('..')) this.checkSegments(out, spans);
    return out;
  }

  private fieldValue(field: FieldRef, fields: FieldSource | undefined): string {
    let value = fields === undefined ? undefined : lookupField(fields, field);
    if (value === undefined || (this.path && value === '')) {
      const fallback = this.fallback;
      if (fallback === undefined) {
        const what =
          value === undefined ? 'is missing' : 'is empty, which would leave an empty path segment';
        throw new FormatStringError(`field ${field.ref} ${what}`, this.template, field.ref);
      }
      value = typeof fallback === 'string' ? fallback : fallback(field.ref);
    }
    if (this.path) {
      const problem = pathProblem(value);
      if (problem !== undefined) {
        throw new FormatStringError(
          `value ${JSON.stringify(value)} of ${field.ref} ${problem}; a substituted value must stay within one path segment`,
          this.template,
          field.ref,
        );
      }
    }
    return value;
  }

  /** Rejects a `..` segment that a substituted value helped to form. */
  private checkSegments(out: string, spans: readonly number[]): void {
    let start = 0;
    for (let end = 0; end <= out.length; end++) {
      if (end < out.length && out[end] !== '/' && out[end] !== '\\') continue;
      if (end - start === 2 && out[start] === '.' && out[start + 1] === '.') {
        for (let s = 0; s < spans.length; s += 2) {
          if (spans[s]! < end && spans[s + 1]! > start) {
            throw new FormatStringError(
              `substituted values make the path segment ".." in ${JSON.stringify(out)}`,
              this.template,
            );
          }
        }
      }
      start = end + 1;
    }
  }
}

/** Parses a template once (resolving `${VAR}` now); render it for each log or batch. */
export function compileFormatString(
  template: string,
  options: FormatStringOptions = {},
): FormatString {
  if (typeof template !== 'string') {
    throw new TypeError(`a format string must be a string; got ${typeof template}`);
  }
  return new CompiledFormatString(template, parse(template, options.env ?? process.env), options);
}
