import type { FieldSource, Log, LogGroup } from '@logflush/core';

/**
 * The tags a group gives each of its logs, named as the json format writes them: every LogTag
 * (a repeated key keeps its last value), then `__topic__`, `__source__`, `__machine_uuid__` for
 * the group fields that are set.
 */
export function groupPathTags(group: LogGroup): Map<string, string> {
  const tags = new Map<string, string>();
  for (const tag of group.LogTags) tags.set(tag.Key, tag.Value);
  if (group.Topic) tags.set('__topic__', group.Topic);
  if (group.Source) tags.set('__source__', group.Source);
  if (group.MachineUUID) tags.set('__machine_uuid__', group.MachineUUID);
  return tags;
}

/**
 * `%{content.<key>}` / `%{tag.<key>}` for one log in FilePath: a content by key (the last one
 * when repeated); a tag from the group (see groupPathTags) or, failing that, from a content named
 * `__tag__:<key>` as iLogtail stores tags in contents.
 */
export class LogPathFields implements FieldSource {
  constructor(
    private readonly tags: ReadonlyMap<string, string>,
    private readonly log: Log,
  ) {}

  content(key: string): string | undefined {
    const contents = this.log.Contents;
    for (let i = contents.length - 1; i >= 0; i--) {
      if (contents[i]!.Key === key) return contents[i]!.Value;
    }
    return undefined;
  }

  tag(key: string): string | undefined {
    return this.tags.get(key) ?? this.content(`__tag__:${key}`);
  }
}
