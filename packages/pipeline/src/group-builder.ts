import type { Log, LogGroup, LogTag } from '@logflush/core';

export interface GroupLimits {
  /** Most logs in one group. */
  maxLogs: number;
  /** Most content bytes (keys and values, UTF-16 length as an estimate) in one group. */
  maxBytes: number;
}

export interface GroupFields {
  topic: string;
  source: string;
  category: string;
  tags: LogTag[];
}

/** Collects logs into LogGroups that stay within the limits. */
export class GroupBuilder {
  #logs: Log[] = [];
  #bytes = 0;

  constructor(
    private readonly limits: GroupLimits,
    private readonly fields: GroupFields,
  ) {}

  /** Adds a log; returns the previous group when this log would not fit in it. */
  add(log: Log): LogGroup | undefined {
    let size = 0;
    for (const content of log.Contents) size += content.Key.length + content.Value.length;
    const full =
      this.#logs.length >= this.limits.maxLogs || this.#bytes + size > this.limits.maxBytes
        ? this.take()
        : undefined;
    this.#logs.push(log);
    this.#bytes += size;
    return full;
  }

  /** The group being built (possibly empty), and a fresh start. */
  take(): LogGroup | undefined {
    if (this.#logs.length === 0) return undefined;
    const group: LogGroup = {
      Logs: this.#logs,
      Category: this.fields.category,
      Topic: this.fields.topic,
      Source: this.fields.source,
      LogTags: this.fields.tags,
    };
    this.#logs = [];
    this.#bytes = 0;
    return group;
  }
}
