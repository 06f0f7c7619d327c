// winston → @logflush/winston's LogflushTransport → flusher_file (Format json, size rotation on)
// against winston → its own File transport (maxsize rotation on), issue 11. Both loggers are what
// an app would write: format.timestamp() on the logger, JSON lines in a file rolled at 10 MiB,
// at most 3 rolled files kept. The File transport needs format.json() to render its line;
// LogflushTransport maps the info's fields itself and flusher_file renders the json line.
//
// One run() logs 1,000 infos (a message and 6 meta fields, one of them nested) with
// logger.info(message, meta) and waits until all of them have reached the file writer: for the
// File transport its 'logged' event (emitted once the line is handed to its file stream), for
// LogflushTransport `await transport.flush()` (flusher_file has written them). So the rate is
// the app's sustained rate, not the rate of filling a buffer.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import winston from 'winston';
import { LogflushTransport } from '@logflush/winston';

const LOGS = 1000;
const MAX_FILE_SIZE = 10 * 1024 * 1024;

const meta = (i) => ({
  reqId: `req-${i}`,
  method: 'GET',
  path: '/api/orders/42',
  status: 200,
  durationMs: 12.5,
  user: { id: 7, role: 'admin' },
});

function logAll(logger) {
  for (let i = 0; i < LOGS; i++) logger.info('request handled', meta(i));
}

const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };

export default {
  name: 'winston → flusher_file json vs winston File (1,000 logs)',
  unit: 'logs',
  target: 1.0,
  async setup() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logflush-bench-winston-'));
    const file = new winston.transports.File({
      filename: path.join(dir, 'winston.log'),
      maxsize: MAX_FILE_SIZE,
      maxFiles: 3,
    });
    file.setMaxListeners(0);
    const baseline = winston.createLogger({
      format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
      transports: [file],
    });
    let logged = 0;
    let waiter;
    file.on('logged', () => {
      logged++;
      if (waiter !== undefined && logged >= waiter.target) {
        const { resolve } = waiter;
        waiter = undefined;
        resolve();
      }
    });
    const untilLogged = (target) =>
      logged >= target
        ? Promise.resolve()
        : new Promise((resolve) => (waiter = { target, resolve }));

    const transport = await LogflushTransport.create({
      flushers: [
        {
          type: 'flusher_file',
          detail: {
            FilePath: path.join(dir, 'logflush.log'),
            Format: 'json',
            MaxFileSize: MAX_FILE_SIZE,
            MaxFiles: 3,
          },
        },
      ],
      logger: silentLogger,
    });
    const candidate = winston.createLogger({
      format: winston.format.timestamp(),
      transports: [transport],
    });
    // The File transport opens its file asynchronously: start measuring once it is open.
    baseline.info('warm up');
    await untilLogged(1);
    return { dir, baseline, candidate, transport, untilLogged, logged: () => logged };
  },
  async teardown({ dir, baseline, candidate }) {
    await Promise.all(
      [baseline, candidate].map(
        (logger) =>
          new Promise((resolve) => {
            logger.on('finish', resolve);
            logger.end();
          }),
      ),
    );
    fs.rmSync(dir, { recursive: true, force: true });
  },
  baseline: {
    name: 'winston File transport',
    async run(context) {
      const target = context.logged() + LOGS;
      logAll(context.baseline);
      await context.untilLogged(target);
      return LOGS;
    },
  },
  candidate: {
    name: '@logflush/winston → flusher_file',
    async run(context) {
      logAll(context.candidate);
      await context.transport.flush();
      return LOGS;
    },
  },
};
