import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeFlusherConformance } from '@logflush/testkit';
import { plugin } from '../src/index.js';

function readJsonLines(dir: string): Array<Record<string, string>> {
  return fs
    .readdirSync(dir)
    .flatMap((name) => fs.readFileSync(path.join(dir, name), 'utf8').split('\n'))
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, string>);
}

describeFlusherConformance(plugin, {
  requiredDetail: { FilePath: path.join(os.tmpdir(), 'logflush-file-conformance-unused.log') },
  // Small files, so that the 100 logs are rolled across several of them and all kept.
  detail: () => ({
    FilePath: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'logflush-file-')), 'out.log'),
    MaxFileSize: 2048,
    MaxFiles: 100,
  }),
  readBack: async (detail) => readJsonLines(path.dirname(detail.FilePath)),
  cleanup: (detail) => fs.rmSync(path.dirname(detail.FilePath), { recursive: true, force: true }),
  badOption: { detail: { MaxFileSize: 'big' }, option: 'MaxFileSize' },
});
