// Issue 11: pino → @logflush/pino → flusher_file (json, rotation on) against pino → pino-roll
// (size rotation), both pino transports; as pino-file.mjs.
import path from 'node:path';
import pino from 'pino';
import { transportCase } from './pino-transport/shared.mjs';

export default transportCase(
  'pino → @logflush/pino (flusher_file) vs pino-roll (2,000 logs + flush)',
  'pino → pino-roll',
  (dir) =>
    pino.transport({
      target: 'pino-roll',
      options: {
        file: path.join(dir, 'roll.log'),
        size: '10m',
        limit: { count: 5 },
        mkdir: true,
      },
    }),
);
