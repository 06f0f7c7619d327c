import { describe, expect, it } from 'vitest';
import { createLog, createLogGroup, mockContext } from '@logflush/testkit';
import { plugin } from '../src/index.js';
import { readObjects, serverDetail, uniquePrefix } from './helpers.js';

// One group with what escaping cares about: quotes, HTML characters, U+2028, a tab, non-ASCII,
// a `__tag__:` content, and group tags, topic and source.
const group = createLogGroup({
  logs: [
    createLog({
      time: 1700000000,
      contents: [
        ['msg', 'say "hi" <b>&\u2028'],
        ['level', 'INFO'],
      ],
    }),
    createLog({
      time: 1700000001,
      contents: [
        ['content', 'raw line é\ttab'],
        ['__tag__:zone', 'z1'],
      ],
    }),
  ],
  topic: 'app',
  source: '10.0.0.1',
  tags: { host: 'web-1' },
});

// The object bytes, written by hand from docs/design.md §5 (json: LoongCollector, rapidjson escaping;
// kv: iLogtail stdout, jsoniter escaping; custom_single: iLogtail converter, Go escaping without
// HTML; raw: the `content` value, or the json line for a log without one).
const expected: Record<string, string> = {
  json:
    '{"__source__":"10.0.0.1","__topic__":"app","host":"web-1","__time__":1700000000,"msg":"say \\"hi\\" <b>&\u2028","level":"INFO"}\n' +
    '{"__source__":"10.0.0.1","__topic__":"app","host":"web-1","__time__":1700000001,"content":"raw line é\\ttab","__tag__:zone":"z1"}\n',
  kv:
    '{"msg":"say \\"hi\\" <b>&\u2028","level":"INFO","__time__":"1700000000"}\n' +
    '{"content":"raw line é\\ttab","__tag__:zone":"z1","__time__":"1700000001"}\n',
  custom_single:
    '{"contents":{"level":"INFO","msg":"say \\"hi\\" <b>&\\u2028"},"tags":{"host":"web-1","host.ip":"10.0.0.1","log.topic":"app"},"time":1700000000}\n' +
    '{"contents":{"content":"raw line é\\ttab"},"tags":{"host":"web-1","host.ip":"10.0.0.1","log.topic":"app","zone":"z1"},"time":1700000001}\n',
  raw:
    '{"__source__":"10.0.0.1","__topic__":"app","host":"web-1","__time__":1700000000,"msg":"say \\"hi\\" <b>&\u2028","level":"INFO"}\n' +
    'raw line é\ttab\n',
};

const encodings = {
  gzip: { header: 'gzip', ext: '.gz', magic: '1f8b' },
  zstd: { header: 'zstd', ext: '.zst', magic: '28b52ffd' },
  none: { header: undefined, ext: '', magic: undefined },
} as const;

describe('object bytes for each Format and Compression', () => {
  for (const format of ['json', 'kv', 'custom_single', 'raw'] as const) {
    for (const compression of ['gzip', 'zstd', 'none'] as const) {
      it(`${format}, ${compression}`, async () => {
        const prefix = uniquePrefix();
        const flusher = plugin.create(
          serverDetail(prefix, { Format: format, Compression: compression }),
        );
        await flusher.init(mockContext());
        await flusher.flush('p', 'l', 'c', [group]);
        await flusher.stop();

        const [object, ...others] = await readObjects(prefix);
        expect(others).toEqual([]);
        const encoding = encodings[compression];
        expect(object!.text).toBe(expected[format]);
        expect(object!.key).toMatch(
          new RegExp(
            `^${prefix}[0-9a-f-]{36}\\${format === 'raw' ? '.log' : '.jsonl'}${encoding.ext.replace('.', '\\.')}$`,
          ),
        );
        expect(object!.head.ContentEncoding).toBe(encoding.header);
        // S3Proxy drops the space after ";" when it stores the type.
        expect(object!.head.ContentType?.replace(';', '; ')).toBe(
          format === 'raw' ? 'text/plain; charset=utf-8' : 'application/x-ndjson',
        );
        if (encoding.magic === undefined)
          expect(object!.raw.toString('utf8')).toBe(expected[format]);
        else
          expect(object!.raw.subarray(0, encoding.magic.length / 2).toString('hex')).toBe(
            encoding.magic,
          );
      });
    }
  }
});
