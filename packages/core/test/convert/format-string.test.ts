import { describe, expect, it } from 'vitest';
import {
  compileFormatString,
  FormatStringError,
  type FieldSource,
} from '../../src/convert/index.js';

function source(contents: Record<string, string>, tags: Record<string, string> = {}): FieldSource {
  return {
    content: (key) => contents[key],
    tag: (key) => tags[key],
  };
}

const T = 1700000000; // 2023-11-14 22:13:20 UTC

describe('format strings', () => {
  it('renders a template without fields or time as itself, and says it is static', () => {
    const f = compileFormatString('logs-topic');
    expect(f.isStatic).toBe(true);
    expect(f.fields).toEqual([]);
    expect(f.render()).toBe('logs-topic');
  });

  it('substitutes content and tag fields and lists each once', () => {
    const f = compileFormatString('%{content.app}-%{tag.host.name}-%{content.app}');
    expect(f.isStatic).toBe(false);
    expect(f.fields.map((field) => field.ref)).toEqual(['content.app', 'tag.host.name']);
    expect(f.render(source({ app: 'web' }, { 'host.name': 'h1' }))).toBe('web-h1-web');
  });

  it('formats time fields in UTC by default', () => {
    const f = compileFormatString('%Y/%m/%d/%H-%M-%S');
    expect(f.usesTime).toBe(true);
    expect(f.render(undefined, T)).toBe('2023/11/14/22-13-20');
    expect(f.render(undefined, 0)).toBe('1970/01/01/00-00-00');
  });

  it('formats time fields in the local zone when asked', () => {
    const d = new Date(T * 1000);
    const two = (n: number): string => String(n).padStart(2, '0');
    const expected = `${d.getFullYear()}${two(d.getMonth() + 1)}${two(d.getDate())}${two(d.getHours())}`;
    expect(compileFormatString('%Y%m%d%H', { timeZone: 'local' }).render(undefined, T)).toBe(
      expected,
    );
  });

  it('fails to render a time template without a time', () => {
    expect(() => compileFormatString('x-%H').render()).toThrow(
      '%H needs a time; got undefined (format string "x-%H")',
    );
  });

  it('keeps %% and $$ as literal characters, and a lone $', () => {
    expect(compileFormatString('100%% $$HOME $x').render()).toBe('100% $HOME $x');
  });

  it('resolves ${VAR} and ${VAR:default} when compiling', () => {
    const env = { REGION: 'eu', EMPTY: '' };
    expect(compileFormatString('${REGION}-${MISSING:none}-${EMPTY:d}', { env }).render()).toBe(
      'eu-none-d',
    );
    expect(() => compileFormatString('logs-${MISSING}', { env })).toThrow(
      'environment variable MISSING is not set (format string "logs-${MISSING}")',
    );
    expect(() => compileFormatString('${1BAD}', { env })).toThrow(
      /does not name an environment variable/,
    );
    expect(() => compileFormatString('${OPEN', { env })).toThrow(/unterminated "\$\{"/);
  });

  it('makes a missing field an error that names the field and the template', () => {
    const f = compileFormatString('t-%{content.app}');
    const error = (() => {
      try {
        f.render(source({}));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(FormatStringError);
    expect((error as FormatStringError).message).toBe(
      'field content.app is missing (format string "t-%{content.app}")',
    );
    expect((error as FormatStringError).field).toBe('content.app');
    expect(() => f.render()).toThrow(/field content\.app is missing/);
  });

  it('uses the caller’s fallback for a missing field, a value or a function of the field', () => {
    expect(compileFormatString('t-%{tag.x}', { fallback: 'unknown' }).render(source({}))).toBe(
      't-unknown',
    );
    expect(compileFormatString('t-%{tag.x}', { fallback: (ref) => ref }).render(source({}))).toBe(
      't-tag.x',
    );
  });

  it('keeps an empty value in text mode', () => {
    expect(compileFormatString('a-%{content.v}-b').render(source({ v: '' }))).toBe('a--b');
  });

  it('rejects bad directives and fields when compiling', () => {
    expect(() => compileFormatString('50%x')).toThrow(/unknown directive "%x"/);
    expect(() => compileFormatString('end%')).toThrow(/unknown directive "%"/);
    expect(() => compileFormatString('%{app}')).toThrow(
      'unsupported field "app": expected content.<key> or tag.<key> (format string "%{app}")',
    );
    expect(() => compileFormatString('%{content.a')).toThrow(/unterminated "%\{"/);
  });

  describe('path mode', () => {
    const path = (template: string, contents: Record<string, string>, fallback?: string): string =>
      compileFormatString(template, {
        mode: 'path',
        ...(fallback === undefined ? {} : { fallback }),
      }).render(source(contents), T);

    it('renders ordinary values, and leaves the template’s own ".." alone', () => {
      expect(path('logs/%{content.app}/%Y%m%d.log', { app: 'web.1' })).toBe(
        'logs/web.1/20231114.log',
      );
      expect(path('../logs/%{content.app}', { app: '...' })).toBe('../logs/...');
      expect(path('logs/%{content.app}', { app: '..x' })).toBe('logs/..x');
    });

    it('rejects a value that is or makes a ".." segment', () => {
      expect(() => path('logs/%{content.app}/x', { app: '..' })).toThrow(
        'substituted values make the path segment ".." in "logs/../x" (format string "logs/%{content.app}/x")',
      );
      expect(() => path('logs/.%{content.app}', { app: '.' })).toThrow(
        /make the path segment "\.\."/,
      );
    });

    it('rejects a value with a slash, a backslash or NUL', () => {
      expect(() => path('logs/%{content.app}', { app: 'a/b' })).toThrow(
        'value "a/b" of content.app contains "/"; a substituted value must stay within one path segment (format string "logs/%{content.app}")',
      );
      expect(() => path('logs/%{content.app}', { app: '../etc' })).toThrow(/contains "\/"/);
      expect(() => path('logs/%{content.app}', { app: '..\\x' })).toThrow(/contains "\\"/);
      expect(() => path('logs/%{content.app}', { app: 'a\0b' })).toThrow(
        /contains a NUL character/,
      );
    });

    it('treats an empty value as missing, and checks the fallback too', () => {
      expect(() => path('logs/%{content.app}/x', { app: '' })).toThrow(
        'field content.app is empty, which would leave an empty path segment (format string "logs/%{content.app}/x")',
      );
      expect(path('logs/%{content.app}/x', { app: '' }, '_unknown')).toBe('logs/_unknown/x');
      expect(() => path('logs/%{content.app}', {}, '../up')).toThrow(/contains "\/"/);
    });
  });
});
