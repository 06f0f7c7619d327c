import fs from 'node:fs';
import path from 'node:path';

/** Whether `pattern` has glob characters (`*`, `?`, `[…]`). */
export function isGlob(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

function segmentRegExp(segment: string): RegExp {
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const char = segment[i]!;
    if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '[') {
      const end = segment.indexOf(']', i + 1);
      if (end === -1) source += '\\[';
      else {
        let set = segment.slice(i + 1, end);
        if (set.startsWith('!')) set = `^${set.slice(1)}`;
        source += `[${set.replaceAll('\\', '\\\\')}]`;
        i = end;
      }
    } else source += char.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/**
 * The regular files a path or glob names now, sorted. Wildcards (`*`, `?`, `[abc]`, `[!abc]`)
 * match within one path segment (no `**`); a leading `.` is matched only by a pattern that
 * starts with one. A plain path is returned as it is when it exists. Nothing matched: [].
 */
export function expandGlob(pattern: string): string[] {
  const absolute = path.resolve(pattern);
  if (!isGlob(pattern)) {
    try {
      return fs.statSync(absolute).isFile() ? [absolute] : [];
    } catch {
      return [];
    }
  }
  const { root } = path.parse(absolute);
  const segments = absolute.slice(root.length).split(path.sep).filter(Boolean);
  let bases = [root];
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1;
    const next: string[] = [];
    for (const base of bases) {
      if (!isGlob(segment)) {
        next.push(path.join(base, segment));
        continue;
      }
      const matcher = segmentRegExp(segment);
      let names: string[];
      try {
        names = fs.readdirSync(base);
      } catch {
        continue;
      }
      for (const name of names) {
        if (name.startsWith('.') && !segment.startsWith('.')) continue;
        if (matcher.test(name)) next.push(path.join(base, name));
      }
    }
    bases = last ? next : next.filter((dir) => isDirectory(dir));
  }
  return bases.filter((file) => isFile(file)).sort();
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
