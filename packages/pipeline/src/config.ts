import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { nearestMatch } from '@logflush/core';

/** One flusher entry of a pipeline file, before its detail is decoded. */
export interface FlusherEntry {
  /** `flusher_x` or `flusher_x/id`. */
  type: string;
  detail: Record<string, unknown>;
  /** Where `detail`'s options sit in the file, e.g. `flushers[1].detail`. */
  detailPath: string;
  /** Where the type sits in the file, e.g. `flushers[1].type` (iLogtail) or `flushers[1].Type` (LoongCollector). */
  typePath?: string;
}

/** A problem with the pipeline file, located by its path in the file. */
export interface PipelineIssue {
  path: string;
  message: string;
}

export class PipelineConfigError extends Error {
  constructor(
    readonly file: string,
    readonly issues: PipelineIssue[],
  ) {
    super(
      `${file}: ${issues.length === 1 ? 'invalid pipeline config' : `${issues.length} problems`}\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`,
    );
    this.name = 'PipelineConfigError';
  }
}

// iLogtail's pipeline sections; logflush runs only the flushers and ignores the others.
const topLevelKeys = ['flushers', 'inputs', 'processors', 'aggregators', 'global', 'enable'];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const describeValue = (value: unknown) =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'an array'
      : typeof value === 'object'
        ? 'an object'
        : JSON.stringify(value);

/** Parses a pipeline file's text: JSON (iLogtail) or YAML (LoongCollector). */
export function parsePipelineText(text: string, file: string): unknown {
  const trimmed = text.trimStart();
  if (file.endsWith('.json') || trimmed.startsWith('{')) {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new PipelineConfigError(file, [
        { path: '(file)', message: `not valid JSON: ${(error as Error).message}` },
      ]);
    }
  }
  try {
    return parseYaml(text, { prettyErrors: true }) as unknown;
  } catch (error) {
    throw new PipelineConfigError(file, [
      { path: '(file)', message: `not valid YAML: ${(error as Error).message}` },
    ]);
  }
}

function findKey(record: Record<string, unknown>, name: string): string | undefined {
  return Object.keys(record).find((key) => key.toLowerCase() === name.toLowerCase());
}

/**
 * The flusher entries of a pipeline document. Each entry is either iLogtail's
 * `{ "type": ..., "detail": {...} }` or LoongCollector's `{ Type: ..., <options> }`.
 * Every problem found is reported at once.
 */
export function readFlusherEntries(document: unknown, file: string): FlusherEntry[] {
  const issues: PipelineIssue[] = [];
  if (!isRecord(document)) {
    throw new PipelineConfigError(file, [
      {
        path: '(root)',
        message: `expected an object with a "flushers" list, given ${describeValue(document)}`,
      },
    ]);
  }
  for (const key of Object.keys(document)) {
    if (!topLevelKeys.includes(key.toLowerCase())) {
      const suggestion = nearestMatch(key, topLevelKeys);
      issues.push({
        path: key,
        message: `unknown section.${suggestion ? ` Did you mean "${suggestion}"?` : ''} Known sections: ${topLevelKeys.join(', ')}`,
      });
    }
  }
  const flushersKey = findKey(document, 'flushers');
  const flushers = flushersKey === undefined ? undefined : document[flushersKey];
  if (!Array.isArray(flushers) || flushers.length === 0) {
    issues.push({
      path: 'flushers',
      message: `expected a non-empty list of flushers, given ${flushers === undefined ? 'nothing' : describeValue(flushers)}`,
    });
    throw new PipelineConfigError(file, issues);
  }
  const entries: FlusherEntry[] = [];
  flushers.forEach((item: unknown, index) => {
    const at = `flushers[${index}]`;
    if (!isRecord(item)) {
      issues.push({
        path: at,
        message: `expected an object with a "type", given ${describeValue(item)}`,
      });
      return;
    }
    const typeKey = findKey(item, 'type');
    const type = typeKey === undefined ? undefined : item[typeKey];
    if (typeof type !== 'string' || type === '') {
      issues.push({
        path: `${at}.type`,
        message: `expected a flusher type such as "flusher_stdout", given ${type === undefined ? 'nothing' : describeValue(type)}`,
      });
      return;
    }
    const detailKey = findKey(item, 'detail');
    if (detailKey !== undefined) {
      const detail = item[detailKey] ?? {};
      const extra = Object.keys(item).filter((key) => key !== typeKey && key !== detailKey);
      for (const key of extra)
        issues.push({
          path: `${at}.${key}`,
          message: 'unexpected beside "detail": put options inside "detail"',
        });
      if (!isRecord(detail)) {
        issues.push({
          path: `${at}.${detailKey}`,
          message: `expected an object of options, given ${describeValue(detail)}`,
        });
        return;
      }
      entries.push({
        type,
        detail,
        detailPath: `${at}.${detailKey}`,
        typePath: `${at}.${typeKey}`,
      });
      return;
    }
    const { [typeKey!]: _type, ...options } = item;
    entries.push({ type, detail: options, detailPath: at, typePath: `${at}.${typeKey}` });
  });
  if (issues.length > 0) throw new PipelineConfigError(file, issues);
  return entries;
}

/** Reads and parses a pipeline file into its flusher entries. */
export function loadPipelineFile(file: string): FlusherEntry[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new PipelineConfigError(file, [
      {
        path: '(file)',
        message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      },
    ]);
  }
  return readFlusherEntries(parsePipelineText(text, file), file);
}

/** A pipeline file to load: `{ pipeline: 'path/to/pipeline.yaml' }`. */
export interface PipelineFileReference {
  pipeline: string;
}

const isFileReference = (value: unknown): value is PipelineFileReference =>
  isRecord(value) && Object.keys(value).length === 1 && 'pipeline' in value;

/**
 * The flusher entries of a pipeline given as an object (what a pipeline file holds) or as
 * `{ pipeline: file }`. `label` names an object config in errors (a file names itself).
 */
export function resolveFlusherEntries(
  config: unknown,
  label: string,
): { entries: FlusherEntry[]; file: string | undefined } {
  if (isFileReference(config)) {
    if (typeof config.pipeline !== 'string' || config.pipeline === '') {
      throw new PipelineConfigError(label, [
        {
          path: 'pipeline',
          message: `expected the path of a pipeline file, given ${describeValue(config.pipeline)}`,
        },
      ]);
    }
    return { entries: loadPipelineFile(config.pipeline), file: config.pipeline };
  }
  return { entries: readFlusherEntries(config, label), file: undefined };
}
