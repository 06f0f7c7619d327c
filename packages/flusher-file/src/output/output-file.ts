import fs from 'node:fs';
import { promisify } from 'node:util';

const open = promisify(fs.open);
const fstat = promisify(fs.fstat);
const fsync = promisify(fs.fsync);
const fchmod = promisify(fs.fchmod);
const close = promisify(fs.close);

const { O_WRONLY, O_APPEND, O_CREAT, O_EXCL, O_NOFOLLOW } = fs.constants;

/**
 * One file open for appending. `append` writes a whole buffer or nothing: when a write fails
 * part way (a full disk takes what fits, then refuses), the file is cut back to where it was, so
 * it never ends in a partial line.
 */
export class OutputFile {
  /** Bytes in the file, as far as this process knows (see `isReplaced`). */
  size: number;
  /** Written since the last fsync. */
  dirty = false;
  #closed = false;

  private constructor(
    readonly path: string,
    readonly fd: number,
    size: number,
    private readonly dev: number,
    private readonly ino: number,
    /** A regular file: rolled, fsynced and watched for renames (a FIFO or /dev/null is not). */
    readonly regular: boolean,
  ) {
    this.size = size;
  }

  /**
   * Opens `path` for appending without following a symbolic link at its last component; a file
   * it creates gets exactly `mode` (the umask is not applied).
   */
  static async open(path: string, mode: number): Promise<OutputFile> {
    let fd: number;
    try {
      fd = await open(path, O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_NOFOLLOW, mode);
      await fchmod(fd, mode).catch(async (error: unknown) => {
        await close(fd);
        throw error;
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      fd = await open(path, O_WRONLY | O_APPEND | O_NOFOLLOW);
    }
    try {
      const info = await fstat(fd);
      return new OutputFile(path, fd, info.size, info.dev, info.ino, info.isFile());
    } catch (error) {
      await close(fd);
      throw error;
    }
  }

  async append(data: Uint8Array): Promise<void> {
    let written = 0;
    try {
      while (written < data.length)
        written += fs.writeSync(this.fd, data, written, data.length - written, null);
    } catch (error) {
      if (written > 0 && this.regular) {
        // O_APPEND wrote at the end, so the partial bytes are the file's last `written` bytes.
        fs.ftruncateSync(this.fd, fs.fstatSync(this.fd).size - written);
      }
      throw error;
    }
    this.size += data.length;
    this.dirty = true;
  }

  /**
   * Whether `path` no longer names this file: an outside tool (logrotate) renamed or removed it.
   * Also takes the current size, which a truncating tool (copytruncate) may have reset.
   */
  async isReplaced(): Promise<boolean> {
    if (!this.regular) return false;
    let info: fs.Stats;
    try {
      info = fs.statSync(this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
      throw error;
    }
    if (info.ino !== this.ino || info.dev !== this.dev) return true;
    this.size = info.size;
    return false;
  }

  async sync(): Promise<void> {
    if (!this.regular || this.#closed) return;
    this.dirty = false;
    try {
      await fsync(this.fd);
    } catch (error) {
      this.dirty = true;
      throw error;
    }
  }

  /** fsyncs (a regular file) and closes; the descriptor is closed even when fsync fails. */
  async close(): Promise<void> {
    if (this.#closed) return;
    try {
      await this.sync();
    } finally {
      this.#closed = true;
      await close(this.fd);
    }
  }
}
