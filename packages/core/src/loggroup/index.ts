export { decodeLogGroup, decodeLogGroupList, encodeLogGroup, encodeLogGroupList } from './codec.js';
export { LogGroupDecodeError, LogGroupEncodeError, type LogGroupMessageName } from './errors.js';
