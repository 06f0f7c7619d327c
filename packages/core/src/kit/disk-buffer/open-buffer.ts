import { DiskBuffer } from './disk-buffer.js';
import { MemoryBuffer } from './memory-buffer.js';
import { bufferProblems, segmentBytesOf } from './options.js';
import type { BufferContext, BufferOptions, LogBuffer } from './types.js';

/**
 * Opens the buffer a decoded `Buffer` option describes (see bufferOptions): a DiskBuffer in
 * `Path` (created if needed; what an earlier run left there is delivered first), or a
 * MemoryBuffer. Options that bufferOptions would refuse throw a RangeError naming them.
 */
export async function openBuffer(
  options: BufferOptions,
  context: BufferContext = {},
): Promise<LogBuffer> {
  const problems = bufferProblems(options);
  if (problems.length > 0) {
    throw new RangeError(
      problems.map(([option, message]) => `Buffer.${option}: ${message}`).join('; '),
    );
  }
  const settings = {
    maxBytes: options.MaxBytes,
    segmentBytes: segmentBytesOf(options),
    whenFull: options.WhenFull,
  };
  if (options.Type === 'memory') return new MemoryBuffer(settings, context);
  return DiskBuffer.open({ ...settings, path: options.Path }, context);
}
