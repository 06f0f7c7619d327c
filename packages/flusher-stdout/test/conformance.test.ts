import fs from 'node:fs';
import path from 'node:path';
import { describeFlusherConformance } from '@logflush/testkit';
import { plugin } from '../src/index.js';
import { readKvFile, tempDir } from './helpers.js';

describeFlusherConformance(plugin, {
  detail: () => ({ FileName: path.join(tempDir(), 'out.log'), MaxSize: 4096, MaxRolls: 100 }),
  readBack: async (detail) => {
    const dir = path.dirname(detail.FileName);
    return fs.readdirSync(dir).flatMap((name) => readKvFile(path.join(dir, name)));
  },
  cleanup: (detail) => fs.rmSync(path.dirname(detail.FileName), { recursive: true, force: true }),
  badOption: { detail: { MaxSize: 'big' }, option: 'MaxSize' },
});
