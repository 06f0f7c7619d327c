import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh OutputFile path in its own temp folder. */
export function tempOutputFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'logflush-__DASHED__-')), 'out.log');
}

/** Each kv line of a file parsed back into its contents (without __time__). */
export function readKvFile(file: string): Array<Record<string, string>> {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const { __time__: _time, ...contents } = JSON.parse(line) as Record<string, string>;
      return contents;
    });
}
