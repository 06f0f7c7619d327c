import type { LogGroup } from '../loggroup/types.js';

/*
 * How iLogtail's converter turns a LogGroup into `contents` and `tags` maps
 * (`pkg/protocol/converter/converter.go` `convertLogToMap` and `addTagIfRequired`):
 *
 * contents, in order:
 * - `__log_topic__` becomes tag `log.topic`;
 * - `__tag__:__user_defined_id__` is dropped;
 * - `__tag__:<k>` with a non-empty `<k>` becomes tag `<k>`, renamed by the table below;
 * - a key in the table below becomes the renamed tag;
 * - any other content (`__tag__:` alone included) stays a content; a later duplicate key wins.
 * then the group, overriding tags of the same name set by contents:
 * - every LogTag except `__user_defined_id__` and `__pack_id__`, renamed by the table;
 * - `host.ip` = Source, always, even when Source is empty;
 * - `log.topic` = Topic when Topic is not empty.
 * Each tag goes through TagFieldsRename (`addTagIfRequired`): a renamed name replaces it, an empty
 * target drops it. With the process flag ALICLOUD_LOG_K8S_FLAG (`flags.K8sFlag`) the three
 * container keys take their `k8s.*` names instead (`specialTagConversionMap`).
 */

const TAG_CONVERSION: ReadonlyMap<string, string> = new Map([
  ['__path__', 'log.file.path'],
  ['__hostname__', 'host.name'],
  ['_node_ip_', 'k8s.node.ip'],
  ['_node_name_', 'k8s.node.name'],
  ['_namespace_', 'k8s.namespace.name'],
  ['_pod_name_', 'k8s.pod.name'],
  ['_pod_ip_', 'k8s.pod.ip'],
  ['_pod_uid_', 'k8s.pod.uid'],
  ['_container_name_', 'container.name'],
  ['_container_ip_', 'container.ip'],
  ['_image_name_', 'container.image.name'],
]);

const K8S_TAG_CONVERSION: ReadonlyMap<string, string> = new Map([
  ['_container_name_', 'k8s.container.name'],
  ['_container_ip_', 'k8s.container.ip'],
  ['_image_name_', 'k8s.container.image.name'],
]);

const TAG_PREFIX = '__tag__:';
const LOG_TOPIC_CONTENT = '__log_topic__';
const DROPPED_TAG_CONTENT = '__tag__:__user_defined_id__';
const DROPPED_LOG_TAGS: ReadonlySet<string> = new Set(['__user_defined_id__', '__pack_id__']);

export interface TagNaming {
  /** TagFieldsRename: converted tag name → new name ('' drops the tag). */
  readonly rename: ReadonlyMap<string, string>;
  /** Use the `k8s.container.*` names, as iLogtail does under ALICLOUD_LOG_K8S_FLAG. */
  readonly k8s: boolean;
}

function conventionalName(key: string, k8s: boolean): string | undefined {
  return (k8s ? K8S_TAG_CONVERSION.get(key) : undefined) ?? TAG_CONVERSION.get(key);
}

/**
 * What a content key becomes: `undefined` if it stays a content, `null` if it is dropped, else
 * the tag name it becomes (before TagFieldsRename).
 */
export function contentTagName(key: string, k8s: boolean): string | null | undefined {
  if (key === LOG_TOPIC_CONTENT) return 'log.topic';
  if (key === DROPPED_TAG_CONTENT) return null;
  if (key.startsWith(TAG_PREFIX)) {
    const name = key.slice(TAG_PREFIX.length);
    if (name === '') return undefined;
    return conventionalName(name, k8s) ?? name;
  }
  return conventionalName(key, k8s);
}

/** TagFieldsRename applied to a converted tag name; `undefined` when the rename drops it. */
export function finalTagName(
  name: string,
  rename: ReadonlyMap<string, string>,
): string | undefined {
  const renamed = rename.get(name);
  if (renamed === undefined) return name;
  return renamed === '' ? undefined : renamed;
}

/** The tags a group contributes to every one of its logs, by final name, later wins. */
export function groupTags(group: LogGroup, naming: TagNaming): Map<string, string> {
  const tags = new Map<string, string>();
  const add = (name: string, value: string): void => {
    const final = finalTagName(name, naming.rename);
    if (final !== undefined) tags.set(final, value);
  };
  for (const tag of group.LogTags) {
    if (DROPPED_LOG_TAGS.has(tag.Key)) continue;
    add(conventionalName(tag.Key, naming.k8s) ?? tag.Key, tag.Value);
  }
  add('host.ip', group.Source ?? '');
  if (group.Topic) add('log.topic', group.Topic);
  return tags;
}

/**
 * The converted name of a raw tag name (`__hostname__` → `host.name`, `__topic__` → `log.topic`,
 * `__source__` → `host.ip`), or undefined when `raw` is no raw name iLogtail renames.
 */
export function convertedNameOfRawTag(raw: string): string | undefined {
  if (raw === '__topic__') return 'log.topic';
  if (raw === '__source__') return 'host.ip';
  return TAG_CONVERSION.get(raw);
}
