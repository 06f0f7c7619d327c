import type { FailureTally, GroupFields, LineFormatter, LogGroup } from '@logflush/core';
import type { FilePathTemplate } from '../paths/file-path-template.js';

/**
 * Formats every log of `groups` and sorts the lines by the file they go to: absolute file path →
 * its lines (without "\n"), in the order the logs came. A log whose path cannot be rendered (a
 * path field missing or unsafe) goes nowhere and is counted in `failures` with the reason.
 * `fields` gives the `%{content.x}` / `%{tag.x}` lookups of a group (docs/design.md §9.7).
 */
export function routeLogs(
  groups: readonly LogGroup[],
  format: LineFormatter,
  template: FilePathTemplate,
  fields: (group: LogGroup) => GroupFields,
  failures: FailureTally,
): Map<string, string[]> {
  const linesByFile = new Map<string, string[]>();
  const staticFile = template.isStatic ? template.render(undefined, 0) : undefined;
  for (const group of groups) {
    const lines = format(group);
    if (staticFile !== undefined) {
      const fileLines = linesByFile.get(staticFile);
      // The common case, one file: the formatter's array is the batch.
      if (fileLines === undefined) linesByFile.set(staticFile, lines);
      else for (const line of lines) fileLines.push(line);
      continue;
    }
    const groupFields = template.usesFields ? fields(group) : undefined;
    let file = '';
    let fileLines: string[] | undefined;
    for (let i = 0; i < lines.length; i++) {
      const log = group.Logs[i]!;
      let target: string;
      try {
        target = template.render(groupFields?.of(log), log.Time);
      } catch (error) {
        failures.add((error as Error).message, 1);
        continue;
      }
      if (target !== file || fileLines === undefined) {
        file = target;
        fileLines = linesByFile.get(file);
        if (fileLines === undefined) linesByFile.set(file, (fileLines = []));
      }
      fileLines.push(lines[i]!);
    }
  }
  return linesByFile;
}
