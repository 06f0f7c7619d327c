import type { LogGroup } from '@logflush/core';
import type { FilePathTemplate } from '../paths/file-path-template.js';
import { groupPathTags, LogPathFields } from '../paths/log-fields.js';
import type { LineFormat } from './line-format.js';

/** The lines of a flush sorted by the file they go to, and the logs that go nowhere. */
export interface RoutedLogs {
  /** Absolute file path → its lines (without "\n"), in the order the logs came. */
  readonly linesByFile: Map<string, string[]>;
  /** Logs that cannot be written: a missing RawKey, a path field missing or unsafe. */
  readonly unwritable: number;
  /** Why, each reason with the number of logs it stopped. */
  readonly problems: Map<string, number>;
}

/** Formats every log of `groups` and finds the file each one goes to. */
export function routeLogs(
  groups: readonly LogGroup[],
  format: LineFormat,
  template: FilePathTemplate,
): RoutedLogs {
  const linesByFile = new Map<string, string[]>();
  const problems = new Map<string, number>();
  let unwritable = 0;
  const reject = (reason: string): void => {
    unwritable++;
    problems.set(reason, (problems.get(reason) ?? 0) + 1);
  };
  const staticFile = template.isStatic ? template.render(undefined, 0) : undefined;
  for (const group of groups) {
    const lines = format.lines(group);
    if (staticFile !== undefined && !linesByFile.has(staticFile) && !lines.includes(undefined)) {
      // The common case, one file and every log formatted: the converter's array is the batch.
      linesByFile.set(staticFile, lines as string[]);
      continue;
    }
    const tags = template.usesFields ? groupPathTags(group) : undefined;
    let file = '';
    let fileLines: string[] | undefined;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (line === undefined) {
        reject(format.unwritableReason);
        continue;
      }
      let target: string;
      if (staticFile !== undefined) {
        target = staticFile;
      } else {
        const log = group.Logs[i]!;
        try {
          target = template.render(
            tags === undefined ? undefined : new LogPathFields(tags, log),
            log.Time,
          );
        } catch (error) {
          reject((error as Error).message);
          continue;
        }
      }
      if (target !== file || fileLines === undefined) {
        file = target;
        fileLines = linesByFile.get(file);
        if (fileLines === undefined) linesByFile.set(file, (fileLines = []));
      }
      fileLines.push(line);
    }
  }
  return { linesByFile, unwritable, problems };
}
