// flusher_file (issue 4) against pino writing the same logs as plain objects through
// pino.destination (sonic-boom, synchronous writes of 4 KiB or more), one line per log.
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { makeBareGroup, plainObjects, startFileFlusher, tempDir } from './flusher-file/shared.mjs';

export default {
  name: 'flusher_file json vs pino (1,000 logs)',
  unit: 'logs',
  target: 2,
  async setup() {
    const dir = tempDir();
    const group = makeBareGroup();
    const destination = pino.destination({
      dest: path.join(dir, 'pino.log'),
      minLength: 4096,
      sync: true,
    });
    return {
      dir,
      group,
      objects: plainObjects(group),
      destination,
      logger: pino({ base: null, timestamp: false }, destination),
      flusher: await startFileFlusher(dir),
    };
  },
  async teardown({ dir, destination, flusher }) {
    destination.flushSync();
    destination.end();
    await flusher.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  },
  baseline: {
    name: 'pino → pino.destination',
    run({ objects, logger }) {
      for (const object of objects) logger.info(object);
      return objects.length;
    },
  },
  candidate: {
    name: '@logflush/flusher-file',
    async run({ flusher, group }) {
      await flusher.flush('bench', 'bench', 'bench', [group]);
      return group.Logs.length;
    },
  },
};
