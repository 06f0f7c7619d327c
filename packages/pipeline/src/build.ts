import {
  ConfigError,
  parseFlusherName,
  UnknownFlusherError,
  type FlusherRegistry,
} from '@logflush/core';
import { PipelineConfigError, type FlusherEntry, type PipelineIssue } from './config.js';
import type { PipelineFlusher } from './runner.js';

/**
 * Creates a flusher for every entry, collecting every problem (unknown types, bad options,
 * repeated names) into one PipelineConfigError so that they are all shown at once. `typeProblems`
 * (from loadFlusherTypes) says, per type, why it could not be loaded.
 */
export function buildFlushers(
  registry: FlusherRegistry,
  entries: readonly FlusherEntry[],
  file: string,
  typeProblems: ReadonlyMap<string, string> = new Map(),
): PipelineFlusher[] {
  const issues: PipelineIssue[] = [];
  const flushers: PipelineFlusher[] = [];
  const names = new Set<string>();
  entries.forEach((entry, index) => {
    const typePath =
      entry.typePath ??
      (entry.detailPath.endsWith('.detail')
        ? `flushers[${index}].type`
        : `flushers[${index}].Type`);
    if (names.has(entry.type)) {
      issues.push({
        path: typePath,
        message: `"${entry.type}" is already used by an earlier flusher; name a second instance "${entry.type.split('/')[0]}/<id>"`,
      });
      return;
    }
    names.add(entry.type);
    const problem = typeProblems.get(baseType(entry.type));
    if (problem !== undefined) {
      issues.push({ path: typePath, message: problem });
      return;
    }
    try {
      flushers.push({
        name: entry.type,
        flusher: registry.create({ type: entry.type, detail: entry.detail }, entry.detailPath),
      });
    } catch (error) {
      if (error instanceof ConfigError) {
        issues.push(...error.issues.map((issue) => ({ path: issue.path, message: issue.message })));
      } else if (error instanceof UnknownFlusherError || error instanceof TypeError) {
        issues.push({ path: typePath, message: error.message });
      } else {
        throw error;
      }
    }
  });
  if (issues.length > 0) throw new PipelineConfigError(file, issues);
  return flushers;
}

function baseType(name: string): string {
  try {
    return parseFlusherName(name).type;
  } catch {
    return name;
  }
}
