import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** How many of a file's first bytes identify it, with its device and inode. */
export const fingerprintBytes = 1024;

export interface Fingerprint {
  /** How many first bytes were hashed (fewer than fingerprintBytes while the file is shorter). */
  bytes: number;
  /** Their SHA-256, hex. */
  sha256: string;
}

/** Where a file has been delivered up to: every flusher resolved every line before `offset`. */
export interface CheckpointEntry {
  path: string;
  dev: number;
  ino: number;
  offset: number;
  fingerprint: Fingerprint;
}

export const fileKey = (entry: { dev: number; ino: number }) => `${entry.dev}:${entry.ino}`;

export function fingerprintOf(bytes: Uint8Array): Fingerprint {
  return { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** A checkpoint that cannot be read, parsed or written: the message names the file. */
export class CheckpointError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CheckpointError';
  }
}

/** The default checkpoint file when following: one per config and set of inputs, under the state dir. */
export function defaultCheckpointFile(
  stateDir: string | undefined,
  config: string,
  inputs: readonly string[],
): string {
  const dir =
    stateDir ??
    process.env.LOGFLUSH_STATE_DIR ??
    path.join(process.env.XDG_STATE_HOME ?? path.join(os.homedir(), '.local', 'state'), 'logflush');
  const id = createHash('sha256')
    .update([path.resolve(config), ...inputs.map((input) => path.resolve(input)).sort()].join('\0'))
    .digest('hex')
    .slice(0, 16);
  return path.resolve(dir, `checkpoint-${id}.json`);
}

const describeCode = (error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  const known: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    EROFS: 'read-only file system',
    ENOENT: 'no such file or directory',
    ENOTDIR: 'a path component is not a directory',
  };
  return code === undefined
    ? (error as Error).message
    : `${known[code] ?? (error as Error).message} (${code})`;
};

function parseEntries(file: string, text: string): CheckpointEntry[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new Error(`not valid JSON (${(error as Error).message})`);
  }
  const doc = document as { version?: unknown; files?: unknown };
  if (typeof document !== 'object' || document === null || doc.version !== 1)
    throw new Error('expected an object with "version": 1');
  if (!Array.isArray(doc.files)) throw new Error('expected "files" to be a list');
  return doc.files.map((raw: unknown, index) => {
    const entry = raw as Partial<CheckpointEntry> | null;
    const whole = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;
    if (
      typeof entry !== 'object' ||
      entry === null ||
      typeof entry.path !== 'string' ||
      !whole(entry.dev) ||
      !whole(entry.ino) ||
      !whole(entry.offset) ||
      typeof entry.fingerprint !== 'object' ||
      entry.fingerprint === null ||
      !whole(entry.fingerprint.bytes) ||
      typeof entry.fingerprint.sha256 !== 'string' ||
      !/^[0-9a-f]{64}$/.test(entry.fingerprint.sha256)
    )
      throw new Error(
        `files[${index}] is not { path, dev, ino, offset, fingerprint: { bytes, sha256 } }`,
      );
    return {
      path: entry.path,
      dev: entry.dev!,
      ino: entry.ino!,
      offset: entry.offset!,
      fingerprint: { bytes: entry.fingerprint.bytes, sha256: entry.fingerprint.sha256 },
    };
  });
}

export interface CheckpointOptions {
  /** Move an unparseable checkpoint aside (with a warning) instead of failing. */
  moveBad: boolean;
  /** Least time between two writes. */
  intervalMs: number;
  warn(message: string): void;
}

/**
 * The checkpoint file: per file (device, inode, fingerprint) the offset up to which every
 * flusher resolved its flush. Written atomically (a temp file beside it, fsync, rename, fsync of
 * the folder), only with offsets whose lines were delivered; writes are coalesced (one at a time,
 * at most one per intervalMs). A failed write keeps the previous checkpoint: a restart then
 * sends again from there, so nothing is lost.
 */
export class CheckpointStore {
  readonly #entries = new Map<string, CheckpointEntry>();
  readonly #forgotten = new Set<string>();
  #dirty = false;
  #writing: Promise<void> | undefined;
  #lastWrite = 0;
  #failure: string | undefined;
  /** Writes that failed so far. */
  failures = 0;
  /** Writes that succeeded so far. */
  writes = 0;

  private constructor(
    readonly file: string,
    entries: readonly CheckpointEntry[],
    private readonly options: CheckpointOptions,
  ) {
    for (const entry of entries) this.#entries.set(fileKey(entry), entry);
  }

  /**
   * Reads the checkpoint (none yet: empty) and checks that its folder can be written, so that a
   * problem is found before anything is read. Throws CheckpointError naming the file.
   */
  static async open(file: string, options: CheckpointOptions): Promise<CheckpointStore> {
    let entries: CheckpointEntry[] = [];
    let text: string | undefined;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        throw new CheckpointError(`cannot read checkpoint ${file}: ${describeCode(error)}`, {
          cause: error,
        });
    }
    if (text !== undefined) {
      try {
        entries = parseEntries(file, text);
      } catch (error) {
        const reason = (error as Error).message;
        if (!options.moveBad)
          throw new CheckpointError(
            `checkpoint ${file} cannot be parsed: ${reason}. Nothing was read or sent. Move it aside to start over (every file is then read as never seen before), or run with --move-bad-checkpoint to have it moved aside`,
          );
        const aside = `${file}.bad-${new Date().toISOString().replaceAll(':', '-')}`;
        try {
          fs.renameSync(file, aside);
        } catch (renameError) {
          throw new CheckpointError(
            `checkpoint ${file} cannot be parsed (${reason}) and cannot be moved aside: ${describeCode(renameError)}`,
          );
        }
        options.warn(
          `checkpoint ${file} cannot be parsed (${reason}): moved to ${aside}; every file is read as never seen before`,
        );
      }
    }
    const store = new CheckpointStore(file, entries, options);
    await store.#probe();
    return store;
  }

  /** The entries read at start. */
  entries(): CheckpointEntry[] {
    return [...this.#entries.values()];
  }

  /** Records that `entry.offset` of its file has been delivered; written soon. */
  commit(entry: CheckpointEntry): void {
    const key = fileKey(entry);
    if (this.#forgotten.has(key)) return;
    this.#entries.set(key, entry);
    this.#schedule();
  }

  /** Drops a file that is gone (released); later commits of it are ignored. */
  forget(key: string): void {
    this.#forgotten.add(key);
    if (this.#entries.delete(key)) this.#schedule();
  }

  /** Keeps only these files (at start: the files that exist). */
  retain(keys: ReadonlySet<string>): void {
    for (const key of [...this.#entries.keys()])
      if (!keys.has(key)) {
        this.#entries.delete(key);
        this.#dirty = true;
      }
  }

  /** Writes the latest state now (after any write in progress); rejects with CheckpointError. */
  async save(): Promise<void> {
    while (this.#writing !== undefined) await this.#writing;
    this.#dirty = false;
    await this.#write();
  }

  /** The last write's failure, if the last write failed. */
  get failure(): string | undefined {
    return this.#failure;
  }

  #schedule(): void {
    this.#dirty = true;
    if (this.#writing !== undefined) return;
    const wait = Math.max(0, this.#lastWrite + this.options.intervalMs - Date.now());
    this.#writing = new Promise<void>((resolve) => {
      const run = () => {
        this.#dirty = false;
        this.#write()
          .catch(() => {})
          .finally(() => {
            this.#writing = undefined;
            resolve();
            if (this.#dirty) this.#schedule();
          });
      };
      if (wait === 0) setImmediate(run);
      else setTimeout(run, wait);
    });
  }

  async #probe(): Promise<void> {
    const dir = path.dirname(this.file);
    try {
      fs.mkdirSync(dir, { recursive: true });
    } catch (error) {
      throw new CheckpointError(
        `cannot create the checkpoint folder ${dir}: ${describeCode(error)}`,
      );
    }
    try {
      await this.#write();
    } catch (error) {
      throw new CheckpointError((error as Error).message);
    }
  }

  async #write(): Promise<void> {
    this.#lastWrite = Date.now();
    const temp = `${this.file}.tmp-${process.pid}`;
    const text = `${JSON.stringify({ version: 1, written: new Date().toISOString(), files: [...this.#entries.values()] }, null, 1)}\n`;
    try {
      const handle = await fs.promises.open(temp, 'w', 0o644);
      try {
        await handle.writeFile(text);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.promises.rename(temp, this.file);
      try {
        const dir = await fs.promises.open(path.dirname(this.file), 'r');
        try {
          await dir.sync();
        } finally {
          await dir.close();
        }
      } catch {
        // Some file systems cannot fsync a folder; the rename is then as durable as they allow.
      }
    } catch (error) {
      await fs.promises.rm(temp, { force: true }).catch(() => {});
      this.failures++;
      const message = `cannot write checkpoint ${this.file}: ${describeCode(error)}; it stays at its last written state (a restart sends again from there: nothing is lost)`;
      if (this.#failure !== message) this.options.warn(message);
      this.#failure = message;
      throw new CheckpointError(message, { cause: error });
    }
    if (this.#failure !== undefined) this.options.warn(`checkpoint ${this.file} written again`);
    this.#failure = undefined;
    this.writes++;
  }
}
