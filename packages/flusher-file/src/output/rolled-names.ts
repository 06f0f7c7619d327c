import fs from 'node:fs';
import path from 'node:path';

/** Endings a rolled file may have: as rolled, or compressed (by this or an earlier config). */
export const rolledSuffixes = ['', '.gz', '.zst'] as const;

/**
 * The name of rolled file `n` of `active`, as spdlog's rotating_file_sink (LoongCollector's
 * flusher_file) names it: the number goes before the extension, `app.log` → `app.1.log`; a name
 * without extension (or a dot file) gets it at the end, `app` → `app.1`.
 */
export function rolledName(active: string, n: number): string {
  const ext = path.extname(active);
  return `${active.slice(0, active.length - ext.length)}.${n}${ext}`;
}

function ignoreMissing(operation: () => void): void {
  try {
    operation();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Where the rolled file beyond MaxFiles goes until it is removed in the background. */
export function removingName(file: string): string {
  return `${file}.removing`;
}

/**
 * Makes room for a new rolled file: moves rolled file `maxFiles` (in any of its compressed forms)
 * aside to its `removingName`, renames `n` to `n + 1`, then `active` to rolled file 1. Renames
 * are metadata operations of microseconds, so they run synchronously; removing a large file
 * frees its pages and takes milliseconds, so the caller does it in the background. Returns
 * rolled file 1 and the files to remove.
 */
export function shiftRolledFiles(
  active: string,
  maxFiles: number,
): { rolled: string; toRemove: string[] } {
  const toRemove: string[] = [];
  for (const suffix of rolledSuffixes) {
    const oldest = rolledName(active, maxFiles) + suffix;
    ignoreMissing(() => {
      fs.renameSync(oldest, removingName(oldest));
      toRemove.push(removingName(oldest));
    });
  }
  for (let n = maxFiles - 1; n >= 1; n--) {
    for (const suffix of rolledSuffixes) {
      ignoreMissing(() =>
        fs.renameSync(rolledName(active, n) + suffix, rolledName(active, n + 1) + suffix),
      );
    }
  }
  const rolled = rolledName(active, 1);
  fs.renameSync(active, rolled);
  return { rolled, toRemove };
}
