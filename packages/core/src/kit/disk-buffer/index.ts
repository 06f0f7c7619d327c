export { openBuffer } from './open-buffer.js';
export { bufferOptions, segmentBytesOf, type BufferDefaults } from './options.js';
export { BufferClosedError, BufferLockedError } from './errors.js';
export { FRAME_HEADER_BYTES as bufferFrameHeaderBytes } from './frame.js';
export {
  bufferTypes,
  whenFullModes,
  type BufferType,
  type WhenFull,
  type BufferOptions,
  type BufferRecord,
  type BufferBatch,
  type BufferBacklog,
  type ReadLimits,
  type BufferDamage,
  type BufferCorruption,
  type BufferDrops,
  type BufferContext,
  type LogBuffer,
} from './types.js';
export { groupRecords, recordGroup, type GroupRecord, type GroupRecords } from './group-records.js';
