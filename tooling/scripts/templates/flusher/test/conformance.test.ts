import fs from 'node:fs';
import path from 'node:path';
import { describeFlusherConformance } from '@logflush/testkit';
import { plugin } from '../src/index.js';
import { readKvFile, tempOutputFile } from './helpers.js';

describeFlusherConformance(plugin, {
  requiredDetail: { OutputFile: 'unused.log' },
  detail: () => ({ OutputFile: tempOutputFile() }),
  readBack: async (detail) => readKvFile(detail.OutputFile),
  cleanup: (detail) => fs.rmSync(path.dirname(detail.OutputFile), { recursive: true, force: true }),
  badOption: { detail: { Sync: 'yes' }, option: 'Sync' },
});
