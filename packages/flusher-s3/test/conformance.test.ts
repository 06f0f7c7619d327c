import { describeFlusherConformance } from '@logflush/testkit';
import { plugin } from '../src/index.js';
import { readJsonLines, serverDetail, uniquePrefix } from './helpers.js';

describeFlusherConformance(plugin, {
  requiredDetail: { Bucket: 'logflush-test' },
  detail: () => {
    const prefix = uniquePrefix();
    return serverDetail(prefix, { KeyFormat: `${prefix}%Y/%m/%d/%H/{uuid}{ext}` }) as Record<
      string,
      unknown
    > & { KeyFormat: string };
  },
  readBack: async (detail) => {
    const prefix = detail.KeyFormat.slice(0, detail.KeyFormat.indexOf('%'));
    const lines = await readJsonLines(prefix);
    return lines.map(({ seq, content }) => ({ seq: String(seq), content: String(content) }));
  },
  badOption: { detail: { PartSize: 1024 }, option: 'PartSize' },
  timeout: 30_000,
});
