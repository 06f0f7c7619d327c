import fs from 'node:fs';
import {
  fileKey,
  fingerprintBytes,
  fingerprintOf,
  type CheckpointEntry,
  type Fingerprint,
} from '../checkpoint.js';
import { expandGlob } from './glob.js';

/** A file being read, identified by device and inode (and its fingerprint), not by its path. */
export interface TrackedFile {
  readonly key: string;
  readonly dev: number;
  readonly ino: number;
  /** The path it was found at (absolute). */
  path: string;
  fd: number;
  /** Bytes consumed: every line before this offset has been handed over. */
  offset: number;
  /** Lines handed over (for line numbers in messages). */
  lineNumber: number;
  fingerprint: Fingerprint;
  /** Size at the last look. */
  size: number;
  /** Bytes consumed (as lines) since it was opened. */
  bytesRead: number;
  /** Its path now names another file, or it was deleted: read to the end, then released. */
  rotated: boolean;
  /** Looks in a row, since it rotated, at which it had neither grown nor been read. */
  idleScans: number;
  /** Its size and offset at the last look. */
  lastLook: { size: number; offset: number };
}

export interface FileSetEvents {
  info(message: string): void;
  /** A file was truncated (copytruncate, `> file`): reading starts again at 0. */
  truncated(file: TrackedFile): void;
  /** A rotated or deleted file was closed (see FileSet.release). */
  released(file: TrackedFile): void;
}

const readAt = (fd: number, length: number, position: number): Buffer => {
  const buffer = Buffer.allocUnsafe(length);
  const n = fs.readSync(fd, buffer, 0, length, position);
  return buffer.subarray(0, n);
};

/**
 * The files a set of paths and globs name, with tail -F's rules: a file is known by device,
 * inode and fingerprint; a new file at a path (rename rotation) is read from its start while the
 * old one is read to its end and then released; a file that shrinks, or whose first bytes
 * changed, was truncated and is read again from 0; a deleted file is read to its end and
 * released; files a glob gains are picked up. A rotated or deleted file idle for two looks is
 * `releasable()`: its reader sends what is left and releases it.
 */
export class FileSet {
  readonly files = new Map<string, TrackedFile>();

  constructor(
    private readonly patterns: readonly string[],
    private readonly events: FileSetEvents,
  ) {}

  /**
   * Looks at the patterns: opens new files, notices rotated, deleted and truncated ones.
   * `startOf(file, entry)` says where a newly found file starts.
   */
  scan(startOf: (found: FoundFile) => number): void {
    const seen = new Set<string>();
    for (const pattern of this.patterns) {
      for (const file of expandGlob(pattern)) {
        let stat: fs.Stats;
        try {
          stat = fs.statSync(file);
        } catch {
          continue;
        }
        const key = fileKey(stat);
        if (seen.has(key)) continue;
        seen.add(key);
        const known = this.files.get(key);
        if (known !== undefined) {
          if (known.path !== file && !known.rotated) known.path = file;
          if (known.rotated && known.path === file) {
            known.rotated = false;
            known.idleScans = 0;
          }
          continue;
        }
        let fd: number;
        try {
          fd = fs.openSync(file, 'r');
        } catch (error) {
          this.events.info(
            `cannot open ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
          );
          continue;
        }
        const opened = fs.fstatSync(fd);
        if (fileKey(opened) !== key) {
          fs.closeSync(fd); // replaced between stat and open: the next scan finds the new one
          continue;
        }
        const head = readAt(fd, fingerprintBytes, 0);
        const fingerprint = fingerprintOf(head);
        const found: FoundFile = { path: file, key, size: opened.size, head };
        const offset = Math.min(Math.max(0, startOf(found)), opened.size);
        this.files.set(key, {
          key,
          dev: opened.dev,
          ino: opened.ino,
          path: file,
          fd,
          offset,
          lineNumber: 0,
          fingerprint,
          size: opened.size,
          bytesRead: 0,
          rotated: false,
          idleScans: 0,
          lastLook: { size: opened.size, offset },
        });
      }
    }
    for (const file of this.files.values()) {
      let stat: fs.Stats;
      try {
        stat = fs.fstatSync(file.fd);
      } catch {
        continue;
      }
      if (!seen.has(file.key) && !file.rotated) {
        file.rotated = true;
        file.idleScans = 0;
        this.events.info(
          stat.nlink === 0
            ? `${file.path} was deleted: reading it to its end, then releasing it`
            : `${file.path} was rotated: reading the old file to its end, then releasing it`,
        );
      }
      file.size = stat.size;
      if (stat.size < file.offset || !this.#sameStart(file)) {
        file.offset = 0;
        file.lineNumber = 0;
        file.fingerprint = fingerprintOf(readAt(file.fd, fingerprintBytes, 0));
        this.events.truncated(file);
      }
      // Idle also with bytes left: a last line without "\n" is not read while it may grow.
      const idle = stat.size === file.lastLook.size && file.offset === file.lastLook.offset;
      file.lastLook = { size: stat.size, offset: file.offset };
      if (file.rotated) file.idleScans = idle ? file.idleScans + 1 : 0;
    }
  }

  /** Rotated or deleted files idle for two looks: to be read to their end and released. */
  releasable(): TrackedFile[] {
    return [...this.files.values()].filter((file) => file.rotated && file.idleScans >= 2);
  }

  /** Whether the file still starts with the bytes it was fingerprinted by. */
  #sameStart(file: TrackedFile): boolean {
    if (file.fingerprint.bytes === 0) return true;
    const head = readAt(file.fd, file.fingerprint.bytes, 0);
    return (
      head.length === file.fingerprint.bytes &&
      fingerprintOf(head).sha256 === file.fingerprint.sha256
    );
  }

  /** Updates the fingerprint of a file still shorter than fingerprintBytes when it was taken. */
  refreshFingerprint(file: TrackedFile): void {
    if (file.fingerprint.bytes >= fingerprintBytes) return;
    const head = readAt(file.fd, fingerprintBytes, 0);
    if (head.length > file.fingerprint.bytes) file.fingerprint = fingerprintOf(head);
  }

  release(file: TrackedFile): void {
    if (!this.files.delete(file.key)) return;
    try {
      fs.closeSync(file.fd);
    } catch {
      // already closed
    }
    this.events.released(file);
  }

  closeAll(): void {
    for (const file of this.files.values()) {
      try {
        fs.closeSync(file.fd);
      } catch {
        // already closed
      }
    }
    this.files.clear();
  }
}

export interface FoundFile {
  path: string;
  key: string;
  size: number;
  /** Its first bytes (up to fingerprintBytes). */
  head: Buffer;
}

/** Whether `head` starts with the bytes `fingerprint` was taken from. */
export function matchesFingerprint(head: Buffer, fingerprint: Fingerprint): boolean {
  return (
    head.length >= fingerprint.bytes &&
    fingerprintOf(head.subarray(0, fingerprint.bytes)).sha256 === fingerprint.sha256
  );
}

/**
 * Where a file found at start begins, from the checkpoint: the same device, inode and
 * fingerprint resume at its offset (0 when it is now shorter: truncated meanwhile); a file
 * whose fingerprint matches an entry of a file that is not there any more (copied, moved to
 * another file system) resumes at that offset too; anything else is new (`from`).
 */
export function startFromCheckpoint(
  found: FoundFile,
  entries: ReadonlyMap<string, CheckpointEntry>,
  present: ReadonlySet<string>,
  fromEnd: boolean,
): number {
  const entry = entries.get(found.key);
  if (entry !== undefined && matchesFingerprint(found.head, entry.fingerprint))
    return entry.offset <= found.size ? entry.offset : 0;
  if (found.head.length >= 64) {
    for (const other of entries.values()) {
      if (
        !present.has(fileKey(other)) &&
        other.fingerprint.bytes >= 64 &&
        matchesFingerprint(found.head, other.fingerprint)
      )
        return other.offset <= found.size ? other.offset : 0;
    }
  }
  return fromEnd ? found.size : 0;
}

let readBuffer = Buffer.allocUnsafe(0);

/**
 * Reads the next chunk of a file from its offset (at most `length` bytes) into one buffer that
 * every read reuses (valid until the next read): a fresh 256 KiB buffer per read would be
 * external memory that the garbage collector frees late, and raise the peak RSS.
 */
export function readChunk(file: TrackedFile, length: number): Buffer {
  if (readBuffer.length < length) readBuffer = Buffer.allocUnsafe(length);
  const n = fs.readSync(file.fd, readBuffer, 0, length, file.offset);
  return readBuffer.subarray(0, n);
}
