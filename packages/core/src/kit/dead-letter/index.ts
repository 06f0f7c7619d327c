export { deadLetterOption, type DeadLetterOptions } from './options.js';
export { deadLetterLines, logRecord, type DeadLetters, type DeadLetterLine } from './entry.js';
export {
  DeadLetterFile,
  deadLetterNote,
  openDeadLetter,
  type DeadLetterContext,
} from './dead-letter-file.js';
