import type { Log, LogGroup } from '../loggroup/types.js';
import { nearestMatch } from '../nearest.js';
import {
  singleLogGroupContext,
  singleLogTemplate,
  type ProtocolKeys,
  type SingleLogShape,
} from './custom-single.js';
import { goJsonStringNoHtml } from './escape-go.js';
import { jsoniterString } from './escape-jsoniter.js';
import { GroupFields } from './ilogtail-fields.js';
import type { TagNaming } from './ilogtail-tags.js';
import { kvLine, kvLines } from './kv.js';
import { renderLine, renderLines } from './line-template.js';
import { jsonLine, jsonLines } from './native-json.js';

export const convertProtocols = [
  'kv',
  'json',
  'custom_single',
  'custom_single_flatten',
  'jsonline',
] as const;
export type ConvertProtocol = (typeof convertProtocols)[number];

/** iLogtail's `Encoding`; every protocol here is JSON text. */
export type ConvertEncoding = 'json';

export interface ConverterOptions {
  /** kv, json, custom_single, custom_single_flatten or jsonline. */
  protocol: string;
  /** Only `json` (the default when absent or empty), as iLogtail supports for these protocols. */
  encoding?: string;
  /** Converted tag name → new name; an empty new name drops the tag (iLogtail protocols only). */
  tagFieldsRename?: Readonly<Record<string, string>>;
  /** Renames the `time`, `contents` and `tags` keys (iLogtail protocols only). */
  protocolFieldsRename?: Readonly<Record<string, string>>;
  /** Container tags take their `k8s.container.*` names, as iLogtail under ALICLOUD_LOG_K8S_FLAG. */
  k8s?: boolean;
}

export interface LogConverter {
  readonly protocol: ConvertProtocol;
  readonly encoding: ConvertEncoding;
  /** One log as one JSON object, without a trailing newline. */
  convertLog(group: LogGroup, log: Log): string;
  /**
   * The messages of a group: one per log, except jsonline, whose one message is every log's
   * object joined with '\n' (none for a group without logs).
   */
  convertGroup(group: LogGroup): string[];
  /**
   * `content.<key>` / `tag.<key>` lookups for the group's logs, as iLogtail's converter answers
   * them for dynamic topics and hash keys (see ilogtail-fields.ts).
   */
  groupFields(group: LogGroup): GroupFields;
}

/** A converter option is invalid; the message names the option and what is accepted. */
export class ConverterOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConverterOptionsError';
  }
}

const ILOGTAIL_ONLY_PROTOCOLS = ['otlp_v1', 'influxdb', 'raw'];
const PROTOCOL_KEYS: readonly (keyof ProtocolKeys)[] = ['time', 'contents', 'tags'];

function checkProtocol(protocol: unknown): ConvertProtocol {
  if ((convertProtocols as readonly unknown[]).includes(protocol))
    return protocol as ConvertProtocol;
  const supported = `supported: ${convertProtocols.join(', ')}`;
  if (typeof protocol !== 'string') {
    throw new ConverterOptionsError(`Protocol must be a string (${supported})`);
  }
  if (ILOGTAIL_ONLY_PROTOCOLS.includes(protocol)) {
    throw new ConverterOptionsError(
      `Protocol "${protocol}" exists in iLogtail but is not supported by logflush (${supported})`,
    );
  }
  const near = nearestMatch(protocol, convertProtocols);
  const hint = near === undefined ? '' : `; did you mean "${near}"?`;
  throw new ConverterOptionsError(`unknown Protocol "${protocol}"${hint} (${supported})`);
}

function checkEncoding(encoding: unknown, protocol: ConvertProtocol): ConvertEncoding {
  if (encoding === undefined || encoding === '' || encoding === 'json') return 'json';
  throw new ConverterOptionsError(
    `unsupported Encoding ${JSON.stringify(encoding)} for Protocol ${protocol} (supported: json)`,
  );
}

function renameMap(
  name: string,
  table: Readonly<Record<string, string>> | undefined,
  protocol: ConvertProtocol,
): Map<string, string> {
  const map = new Map<string, string>();
  if (table === undefined) return map;
  if (typeof table !== 'object' || table === null || Array.isArray(table)) {
    throw new ConverterOptionsError(`${name} must be an object mapping names to new names`);
  }
  for (const [from, to] of Object.entries(table)) {
    if (typeof to !== 'string') {
      throw new ConverterOptionsError(`${name}.${from} must be a string; got ${typeof to}`);
    }
    map.set(from, to);
  }
  if (map.size > 0 && (protocol === 'kv' || protocol === 'json')) {
    throw new ConverterOptionsError(
      `${name} applies to custom_single, custom_single_flatten and jsonline, not to Protocol ${protocol}`,
    );
  }
  return map;
}

function protocolKeys(rename: ReadonlyMap<string, string>): ProtocolKeys {
  for (const key of rename.keys()) {
    if (!(PROTOCOL_KEYS as readonly string[]).includes(key)) {
      const near = nearestMatch(key, PROTOCOL_KEYS);
      const hint = near === undefined ? '' : `; did you mean "${near}"?`;
      throw new ConverterOptionsError(
        `ProtocolFieldsRename: unknown field "${key}"${hint} (fields: ${PROTOCOL_KEYS.join(', ')})`,
      );
    }
  }
  return {
    time: rename.get('time') ?? 'time',
    contents: rename.get('contents') ?? 'contents',
    tags: rename.get('tags') ?? 'tags',
  };
}

function singleLogConverter(
  protocol: ConvertProtocol,
  naming: TagNaming,
  keys: ProtocolKeys,
): Pick<LogConverter, 'convertLog' | 'convertGroup'> {
  const jsonline = protocol === 'jsonline';
  const shape: SingleLogShape = {
    naming,
    keys,
    flatten: protocol !== 'custom_single',
    escape: jsonline ? jsoniterString : goJsonStringNoHtml,
  };
  const lines = (group: LogGroup): string[] => {
    const context = singleLogGroupContext(group, naming, shape.escape);
    return renderLines(
      group.Logs,
      (contents) => singleLogTemplate(contents, context, shape),
      shape.escape,
    );
  };
  return {
    convertLog(group, log) {
      const context = singleLogGroupContext(group, naming, shape.escape);
      return renderLine(singleLogTemplate(log.Contents, context, shape), log, shape.escape);
    },
    convertGroup(group) {
      if (!jsonline) return lines(group);
      return group.Logs.length === 0 ? [] : [lines(group).join('\n')];
    },
  };
}

/** Checks the options once and returns the converter a flusher uses for every group. */
export function createConverter(options: ConverterOptions): LogConverter {
  const protocol = checkProtocol(options.protocol);
  const encoding = checkEncoding(options.encoding, protocol);
  if (options.k8s !== undefined && typeof options.k8s !== 'boolean') {
    throw new ConverterOptionsError(`k8s must be a boolean; got ${typeof options.k8s}`);
  }
  const naming: TagNaming = {
    rename: renameMap('TagFieldsRename', options.tagFieldsRename, protocol),
    k8s: options.k8s ?? false,
  };
  const keys = protocolKeys(
    renameMap('ProtocolFieldsRename', options.protocolFieldsRename, protocol),
  );
  const groupFields = (group: LogGroup): GroupFields => new GroupFields(group, naming);
  switch (protocol) {
    case 'kv':
      return {
        protocol,
        encoding,
        convertLog: (_group, log) => kvLine(log),
        convertGroup: kvLines,
        groupFields,
      };
    case 'json':
      return { protocol, encoding, convertLog: jsonLine, convertGroup: jsonLines, groupFields };
    default:
      return { protocol, encoding, ...singleLogConverter(protocol, naming, keys), groupFields };
  }
}
