// Issue 11: pino → @logflush/pino → flusher_file (json, rotation on) against pino → pino/file
// (sonic-boom in pino's worker), both pino transports: logs/s the app sustains (each batch of
// 2,000 logs waits for logger.flush()), and the main thread's CPU per log, printed beside.
import path from 'node:path';
import pino from 'pino';
import { transportCase } from './pino-transport/shared.mjs';

export default transportCase(
  'pino → @logflush/pino (flusher_file) vs pino/file (2,000 logs + flush)',
  'pino → pino/file',
  (dir) =>
    pino.transport({ target: 'pino/file', options: { destination: path.join(dir, 'pino.log') } }),
);
