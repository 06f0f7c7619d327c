// The decode half of loggroup-codec: a ~250 KB LogGroup from a Node Buffer.
import { setupLogGroupCodecs } from '../data/loggroup-setup.mjs';

export default {
  name: 'LogGroup decode (1,000 logs × 10 contents)',
  unit: 'logs',
  setup: setupLogGroupCodecs,
  baseline: {
    name: 'protobufjs reflection',
    run: ({ reflection, buffer }) => reflection.decode(buffer).Logs.length,
  },
  candidate: {
    name: '@logflush/core',
    run: ({ decodeLogGroup, buffer }) => decodeLogGroup(buffer).Logs.length,
  },
};
