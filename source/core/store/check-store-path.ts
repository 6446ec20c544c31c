// Looks at a store path before SQLite does: SQLite reports a directory as "disk I/O error" and a read-only
// folder as "attempt to write a readonly database", which name neither the path nor the actual problem.
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { StoreError, storeError } from './store-error.js';

/** What a checked path holds: a file to open, or nothing yet. */
export type StorePathState = 'file' | 'missing';

/**
 * Checks a store path, throwing a one-line StoreError naming the path and the reason when it cannot be used.
 * `read`: a file or nothing. `write`: also creates missing parent folders (as `mkdir -p`) and checks that an
 * existing file can be written.
 */
export function checkStorePath(path: string, mode: 'read' | 'write'): StorePathState {
  let exists = false;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw storeError('is_directory', path, 'cannot open', 'is a directory');
    if (!stat.isFile()) throw storeError('cannot_open', path, 'cannot open', 'not a regular file');
    exists = true;
  } catch (error) {
    if (error instanceof StoreError || !isErrno(error)) throw error;
    if (error.code === 'ENOTDIR') throw notADirectory(path, error);
    if (error.code !== 'ENOENT') throw fsStoreError(error, path);
  }
  if (exists) {
    try {
      accessSync(path, constants.R_OK);
    } catch (error) {
      throw fsStoreError(error, path, 'not readable');
    }
    if (mode === 'read') return 'file';
    try {
      accessSync(path, constants.W_OK);
    } catch (error) {
      throw fsStoreError(error, path, 'not writable');
    }
    return 'file';
  }
  if (mode === 'read') return 'missing';
  const folder = dirname(path);
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    if (isErrno(error) && (error.code === 'ENOTDIR' || error.code === 'EEXIST')) throw notADirectory(path, error);
    throw fsStoreError(error, path, `cannot create ${folder}`);
  }
  try {
    accessSync(folder, constants.W_OK);
  } catch (error) {
    throw fsStoreError(error, path, `cannot create files in ${folder}`);
  }
  return 'missing';
}

/** Maps a filesystem error about `path` to a StoreError; `doing` says what failed (`cannot create .jamjet`). */
export function fsStoreError(error: unknown, path: string, doing?: string): StoreError {
  const code = isErrno(error) ? error.code : undefined;
  const why = (reason: string): string => (doing === undefined ? reason : `${doing}: ${reason}`);
  if (code === 'EACCES' || code === 'EPERM') return storeError('permission_denied', path, 'cannot open', why('permission denied'));
  if (code === 'EROFS') return storeError('read_only', path, 'cannot open', why('read-only file system'));
  if (code === 'ENOSPC') return storeError('io', path, 'cannot open', why('no space left on the device'));
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  return storeError('io', path, 'cannot open', message);
}

/** `/a/file/top.db` where `/a/file` is a file: names the component that is not a directory. */
function notADirectory(path: string, error: unknown): StoreError {
  for (let p = dirname(path); p !== dirname(p); p = dirname(p)) {
    try {
      if (!statSync(p).isDirectory()) return storeError('not_a_directory', path, 'cannot open', `${p} is not a directory`);
    } catch {
      // missing, or under a file itself: look further up
    }
  }
  return fsStoreError(error, path);
}

function isErrno(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && !(error instanceof StoreError) && typeof (error as NodeJS.ErrnoException).code === 'string';
}
