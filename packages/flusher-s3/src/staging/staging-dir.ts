import fs from 'node:fs/promises';
import path from 'node:path';
import type { FlusherS3Config } from '../config.js';

/** What is kept beside a staged object's records, written when the object is opened. */
export interface StagedObjectMeta {
  version: 1;
  /** The object key, fixed when the object was opened: a re-upload after a crash replaces, never duplicates. */
  key: string;
  compression: FlusherS3Config['Compression'];
  contentType: string;
  /** Unix ms when the object was opened. */
  openedAt: number;
  /** The multipart upload under way, aborted if a crash left it. */
  uploadId?: string;
}

export interface StagedObject {
  id: string;
  meta: StagedObjectMeta;
}

const metaSuffix = '.meta.json';
const recordsSuffix = '.records';
const lockName = '.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The StagingDir: per staged object `<id>.meta.json` (written first, atomically) and
 * `<id>.records`; a `.lock` file with the owner's pid keeps two flushers out of one directory.
 */
export class StagingDir {
  #locked = false;

  constructor(readonly dir: string) {}

  /** Creates the directory if needed and takes its lock (a lock of a dead process is taken over). */
  async open(): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    const lockPath = path.join(this.dir, lockName);
    for (;;) {
      try {
        await fs.writeFile(lockPath, `${process.pid}\n`, { flag: 'wx' });
        this.#locked = true;
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = Number.parseInt(await fs.readFile(lockPath, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(owner) && isAlive(owner)) {
        throw new Error(
          `StagingDir "${this.dir}" is in use by process ${owner}; each flusher needs its own StagingDir`,
        );
      }
      await fs.rm(lockPath, { force: true });
    }
  }

  async close(): Promise<void> {
    if (!this.#locked) return;
    this.#locked = false;
    await fs.rm(path.join(this.dir, lockName), { force: true });
  }

  recordsPath(id: string): string {
    return path.join(this.dir, id + recordsSuffix);
  }

  /** Writes the meta file durably, then creates the records file for appending. */
  async create(id: string, meta: StagedObjectMeta): Promise<fs.FileHandle> {
    await this.writeMeta(id, meta);
    const file = await fs.open(this.recordsPath(id), 'a');
    await this.#syncDir();
    return file;
  }

  /** Replaces the meta file atomically (write, fsync, rename, fsync the directory). */
  async writeMeta(id: string, meta: StagedObjectMeta): Promise<void> {
    const target = path.join(this.dir, id + metaSuffix);
    const temporary = `${target}.tmp`;
    const file = await fs.open(temporary, 'w');
    try {
      await file.writeFile(JSON.stringify(meta));
      await file.sync();
    } finally {
      await file.close();
    }
    await fs.rename(temporary, target);
    await this.#syncDir();
  }

  /**
   * The objects a previous run left, oldest first. Files that belong to no object (a records
   * file without meta, an unfinished meta write) held nothing accepted and are removed.
   */
  async leftovers(): Promise<StagedObject[]> {
    const names = await fs.readdir(this.dir);
    const ids = new Set(
      names
        .filter((name) => name.endsWith(metaSuffix))
        .map((name) => name.slice(0, -metaSuffix.length)),
    );
    for (const name of names) {
      const orphanRecords =
        name.endsWith(recordsSuffix) && !ids.has(name.slice(0, -recordsSuffix.length));
      if (orphanRecords || name.endsWith(`${metaSuffix}.tmp`))
        await fs.rm(path.join(this.dir, name), { force: true });
    }
    const objects: StagedObject[] = [];
    for (const id of ids) {
      const meta = JSON.parse(
        await fs.readFile(path.join(this.dir, id + metaSuffix), 'utf8'),
      ) as StagedObjectMeta;
      if (meta.version !== 1)
        throw new Error(
          `StagingDir "${this.dir}": ${id}${metaSuffix} has unknown version ${String(meta.version)}`,
        );
      objects.push({ id, meta });
    }
    return objects.sort((a, b) => a.meta.openedAt - b.meta.openedAt);
  }

  /** Removes an uploaded object: records first, so a crash in between leaves no records without meta. */
  async remove(id: string): Promise<void> {
    await fs.rm(this.recordsPath(id), { force: true });
    await fs.rm(path.join(this.dir, id + metaSuffix), { force: true });
  }

  async #syncDir(): Promise<void> {
    const handle = await fs.open(this.dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}
