// The encode half of loggroup-codec: each codec encodes the group it decoded itself.
import { setupLogGroupCodecs } from '../data/loggroup-setup.mjs';

export default {
  name: 'LogGroup encode (1,000 logs × 10 contents)',
  unit: 'logs',
  setup() {
    const context = setupLogGroupCodecs();
    return {
      ...context,
      reflectionGroup: context.reflection.decode(context.buffer),
      coreGroup: context.decodeLogGroup(context.buffer),
    };
  },
  baseline: {
    name: 'protobufjs reflection',
    run({ reflection, reflectionGroup, logCount }) {
      reflection.encode(reflectionGroup).finish();
      return logCount;
    },
  },
  candidate: {
    name: '@logflush/core',
    run({ encodeLogGroup, coreGroup, logCount }) {
      encodeLogGroup(coreGroup);
      return logCount;
    },
  },
};
