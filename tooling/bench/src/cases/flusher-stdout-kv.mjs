// Issue 2: flusher_stdout's kv output to /dev/null against JSON.stringify of equivalent plain
// objects, joined and written the same way (one write per 1,000-log flush).
import fs from 'node:fs';
import { createFlusherContext } from '@logflush/core';
import { plugin } from '@logflush/flusher-stdout';
import { makeLogGroup } from '../data/loggroup.mjs';

const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };

export default {
  name: 'flusher_stdout kv output to /dev/null (1,000 logs × 10 contents)',
  unit: 'logs',
  target: 0.8,
  async setup() {
    const group = makeLogGroup();
    // The objects JSON.stringify sees: each log's contents plus __time__, as the kv line holds.
    const objects = group.Logs.map((log) => {
      const object = {};
      for (const content of log.Contents) object[content.Key] = content.Value;
      object.__time__ = String(log.Time);
      return object;
    });
    const flusher = plugin.create({ FileName: '/dev/null' });
    await flusher.init(createFlusherContext({ logger: silentLogger }));
    const devNull = fs.openSync('/dev/null', 'a');
    return { group, objects, flusher, devNull };
  },
  async teardown({ flusher, devNull }) {
    await flusher.stop();
    fs.closeSync(devNull);
  },
  baseline: {
    name: 'JSON.stringify + writeSync',
    run({ objects, devNull }) {
      let text = '';
      for (const object of objects) text += `${JSON.stringify(object)}\n`;
      fs.writeSync(devNull, Buffer.from(text));
      return objects.length;
    },
  },
  candidate: {
    name: 'flusher_stdout (KeyValuePairs)',
    async run({ flusher, group }) {
      await flusher.flush('bench', 'bench', 'bench', [group]);
      return group.Logs.length;
    },
  },
};
