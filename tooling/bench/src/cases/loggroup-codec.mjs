// docs/design.md §4: decode a ~250 KB LogGroup (1,000 logs × 10 contents) from a Node Buffer and encode
// it again, with @logflush/core's codec and with the protobufjs reflection codec.
import { setupLogGroupCodecs } from '../data/loggroup-setup.mjs';

export default {
  name: 'LogGroup decode + encode (1,000 logs × 10 contents)',
  unit: 'logs',
  target: 1.5,
  setup: setupLogGroupCodecs,
  baseline: {
    name: 'protobufjs reflection',
    run({ reflection, buffer }) {
      const group = reflection.decode(buffer);
      reflection.encode(group).finish();
      return group.Logs.length;
    },
  },
  candidate: {
    name: '@logflush/core',
    run({ decodeLogGroup, encodeLogGroup, buffer }) {
      const group = decodeLogGroup(buffer);
      encodeLogGroup(group);
      return group.Logs.length;
    },
  },
};
