/**
 * What the flusher_file cases share: a 1,000-log group of 10 contents without tags (each json
 * line is about 260 bytes), the same logs as plain objects ({ __time__, ...contents }, so that
 * JSON.stringify writes the same bytes), and a flusher_file writing the json format to a real
 * file with size rotation on (the default 10 MiB MaxFileSize).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFlusherContext } from '@logflush/core';
import { plugin } from '@logflush/flusher-file';
import { makeLogGroup } from '../../data/loggroup.mjs';

export const LOGS_PER_GROUP = 1000;
export const MAX_FILE_SIZE = 10 * 1024 * 1024;

export function makeBareGroup(seed = 1) {
  const { Logs } = makeLogGroup({ logs: LOGS_PER_GROUP, contents: 10, seed });
  return { Logs, LogTags: [] };
}

export function plainObjects(group) {
  return group.Logs.map((log) => {
    const object = { __time__: log.Time };
    for (const { Key, Value } of log.Contents) object[Key] = Value;
    return object;
  });
}

export function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'logflush-bench-file-'));
}

const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };

export async function startFileFlusher(dir, detail = {}) {
  const flusher = plugin.create({
    FilePath: path.join(dir, 'flusher.log'),
    MaxFiles: 3,
    ...detail,
  });
  await flusher.init(createFlusherContext({ logger: silentLogger }));
  return flusher;
}

/** Lines written with fs.writeSync; the file is emptied at MAX_FILE_SIZE so the disk does not fill. */
export function syncLineWriter(file) {
  const fd = fs.openSync(file, 'a');
  let size = 0;
  return {
    write(text) {
      const buffer = Buffer.from(text);
      fs.writeSync(fd, buffer);
      size += buffer.length;
      if (size >= MAX_FILE_SIZE) {
        fs.ftruncateSync(fd, 0);
        size = 0;
      }
    },
    close: () => fs.closeSync(fd),
  };
}
