import type { Log, LogGroup, LogTag } from '@logflush/core';

export type ContentsInput = Record<string, string> | Array<[string, string]>;

export interface LogInput {
  time?: number;
  timeNs?: number;
  contents: ContentsInput;
}

/** One Log from a plain record of contents (insertion order is kept). */
export function createLog(input: LogInput): Log {
  const entries = Array.isArray(input.contents) ? input.contents : Object.entries(input.contents);
  const log: Log = {
    Time: input.time ?? 1700000000,
    Contents: entries.map(([Key, Value]) => ({ Key, Value })),
  };
  if (input.timeNs !== undefined) log.Time_ns = input.timeNs;
  return log;
}

export interface CreateLogsOptions {
  /** Time of the first log; each next log is one second later. Default 1700000000. */
  startTime?: number;
  /** Contents of log `i`; default `{ seq: String(i), content: "log line <i>" }`. */
  contents?: (index: number) => ContentsInput;
}

/** `count` logs with sequence numbers, for round-trip checks. */
export function createLogs(count: number, options: CreateLogsOptions = {}): Log[] {
  const startTime = options.startTime ?? 1700000000;
  const contents =
    options.contents ?? ((i: number) => ({ seq: String(i), content: `log line ${i}` }));
  return Array.from({ length: count }, (_, i) =>
    createLog({ time: startTime + i, contents: contents(i) }),
  );
}

export interface LogGroupInput {
  logs: Log[];
  category?: string;
  topic?: string;
  source?: string;
  machineUUID?: string;
  tags?: Record<string, string> | LogTag[];
}

/** A LogGroup; group fields are only set when given. */
export function createLogGroup(input: LogGroupInput): LogGroup {
  const tags = input.tags ?? [];
  const group: LogGroup = {
    Logs: input.logs,
    LogTags: Array.isArray(tags)
      ? tags
      : Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
  };
  if (input.category !== undefined) group.Category = input.category;
  if (input.topic !== undefined) group.Topic = input.topic;
  if (input.source !== undefined) group.Source = input.source;
  if (input.machineUUID !== undefined) group.MachineUUID = input.machineUUID;
  return group;
}
