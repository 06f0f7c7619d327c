/** Where `${VAR}` references are looked up (`process.env` unless a caller passes another). */
export type EnvMap = Readonly<Record<string, string | undefined>>;

export interface Substitution {
  readonly value: string;
  /** Whether at least one `${…}` reference was replaced. */
  readonly substituted: boolean;
  /** Why a reference could not be replaced (empty when all were). */
  readonly errors: readonly string[];
}

const variableName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Replaces `${VAR}` and `${VAR:default}` in `text` with values from `env`; `$$` stands for one
 * literal `$`, and a `$` followed by anything else is kept as it is. The default (everything after
 * the first `:`, up to the `}`) is used when the variable is unset or empty.
 */
export function substituteEnv(text: string, env: EnvMap): Substitution {
  let value = '';
  let substituted = false;
  const errors: string[] = [];
  let position = 0;
  while (position < text.length) {
    const dollar = text.indexOf('$', position);
    if (dollar === -1) break;
    value += text.slice(position, dollar);
    const next = text[dollar + 1];
    if (next === '$') {
      value += '$';
      position = dollar + 2;
      continue;
    }
    if (next !== '{') {
      value += '$';
      position = dollar + 1;
      continue;
    }
    const close = text.indexOf('}', dollar + 2);
    if (close === -1) {
      errors.push('unterminated "${" (write "$$" for a literal "$")');
      value += text.slice(dollar);
      position = text.length;
      break;
    }
    const reference = text.slice(dollar + 2, close);
    const colon = reference.indexOf(':');
    const name = colon === -1 ? reference : reference.slice(0, colon);
    const fallback = colon === -1 ? undefined : reference.slice(colon + 1);
    const set = Object.hasOwn(env, name) ? env[name] : undefined;
    if (!variableName.test(name)) {
      errors.push(`"\${${reference}}" does not name an environment variable`);
    } else if (set !== undefined && (set !== '' || fallback === undefined)) {
      value += set;
    } else if (fallback !== undefined) {
      value += fallback;
    } else {
      errors.push(`environment variable ${name} is not set and "\${${name}}" has no default`);
    }
    substituted = true;
    position = close + 1;
  }
  value += text.slice(position);
  return { value, substituted, errors };
}
