import type { Log, LogGroup } from '../loggroup/types.js';
import type { FieldSource } from './field-source.js';
import { contentTagName, finalTagName, groupTags, type TagNaming } from './ilogtail-tags.js';

/*
 * Field lookups as iLogtail's converter answers them for dynamic Kafka topics and hash keys
 * (`pkg/protocol/converter/converter.go` `findTargetValues`, fed by
 * `plugins/flusher/kafkav2/flusher_kafka_v2.go`):
 * - `content.<k>`: the converted contents, so a content that became a tag (`__path__`,
 *   `__tag__:x`, `__log_topic__`, …) is not found there; a repeated key gives its last value;
 * - `tag.<k>`: the converted tags (renamed names such as `host.name`, `log.file.path`,
 *   `host.ip`, `log.topic`, after TagFieldsRename); when `<k>` is absent but is a source name in
 *   TagFieldsRename, the tag it was renamed to. iLogtail then yields "" if that one is absent too;
 *   here the field is missing (undefined), so the caller's missing-field rule applies.
 */

class LogFields implements FieldSource {
  constructor(
    private readonly groupTags: ReadonlyMap<string, string>,
    private readonly naming: TagNaming,
    private readonly log: Log,
  ) {}

  content(key: string): string | undefined {
    if (contentTagName(key, this.naming.k8s) !== undefined) return undefined;
    const contents = this.log.Contents;
    for (let i = contents.length - 1; i >= 0; i--) {
      if (contents[i]!.Key === key) return contents[i]!.Value;
    }
    return undefined;
  }

  tag(name: string): string | undefined {
    const value = this.convertedTag(name);
    if (value !== undefined) return value;
    const renamed = this.naming.rename.get(name);
    return renamed === undefined || renamed === '' ? undefined : this.convertedTag(renamed);
  }

  private convertedTag(name: string): string | undefined {
    const fromGroup = this.groupTags.get(name);
    if (fromGroup !== undefined) return fromGroup;
    const contents = this.log.Contents;
    for (let i = contents.length - 1; i >= 0; i--) {
      const tagName = contentTagName(contents[i]!.Key, this.naming.k8s);
      if (typeof tagName === 'string' && finalTagName(tagName, this.naming.rename) === name) {
        return contents[i]!.Value;
      }
    }
    return undefined;
  }
}

/** The field lookups of one group's logs; the group's tags are converted once. */
export class GroupFields {
  private readonly tags: ReadonlyMap<string, string>;

  constructor(
    group: LogGroup,
    private readonly naming: TagNaming,
  ) {
    this.tags = groupTags(group, naming);
  }

  of(log: Log): FieldSource {
    return new LogFields(this.tags, this.naming, log);
  }
}
