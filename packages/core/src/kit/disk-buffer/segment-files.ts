import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/*
 * The files of a disk buffer's directory: segments `000000000001.seg`, `000000000002.seg`, … in
 * append order, the acknowledged position `position` (and `position.tmp` while it is replaced),
 * and the lock `lock`.
 */

const segmentPattern = /^(\d{12,})\.seg$/;

export function segmentName(seq: number): string {
  return `${String(seq).padStart(12, '0')}.seg`;
}

export interface SegmentFile {
  readonly seq: number;
  readonly path: string;
  readonly size: number;
}

/** The directory's segments, oldest first. */
export async function listSegments(dir: string): Promise<SegmentFile[]> {
  const segments: SegmentFile[] = [];
  for (const name of await readdir(dir)) {
    const match = segmentPattern.exec(name);
    if (match === null) continue;
    const file = path.join(dir, name);
    const info = await stat(file);
    if (info.isFile()) segments.push({ seq: Number(match[1]), path: file, size: info.size });
  }
  return segments.sort((a, b) => a.seq - b.seq);
}

/**
 * Makes the directory's entries durable (a created, renamed or removed file). Windows cannot
 * fsync a directory and does not need to: there it does nothing.
 */
export async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
