import { renameSync, rmSync } from 'node:fs';

/**
 * Shifts a log file's rotated copies by one: `path.<keep-1>` is deleted, `path.<n>` becomes `path.<n+1>`,
 * and `path` becomes `path.1`, so at most `keep` files exist (`path` and `path.1` … `path.<keep-1>`).
 * A writer still holding `path` open keeps writing into what is now `path.1` until it reopens `path`.
 * Missing files are skipped; any other failure throws.
 */
export function rotateFiles(path: string, keep: number): void {
  const name = (n: number): string => (n === 0 ? path : `${path}.${n}`);
  rmSync(name(keep - 1), { force: true });
  for (let n = keep - 2; n >= 0; n--) {
    try {
      renameSync(name(n), name(n + 1));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
