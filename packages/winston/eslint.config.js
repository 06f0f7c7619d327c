import logflushConfig from '@logflush/eslint-config';

export default logflushConfig(import.meta.dirname);
