export { default, outcomeEvent, type PinoTransportOutcome } from './transport.js';
export { validate } from './validate.js';
export { PinoOptionsError, resolveOptions, type PinoTransportOptions } from './options.js';
export { pinoRecordMapper, pinoTime, pinoLevels, type RecordMapping } from './record.js';
