// The one file that imports better-sqlite3: everything else sees SqliteDb, so a driver swap is a
// one-file change.
import type BetterSqlite3 from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkStorePath, fsStoreError } from './check-store-path.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';
import { StoreError, storeError, type StoreErrorCode } from './store-error.js';

const require = createRequire(import.meta.url);
// Required, not imported: an ES import of this CommonJS package first lexes its source, and the file it
// re-exports, for named exports (which it has none of), several milliseconds of every short command's start.
const Database = require('better-sqlite3') as typeof BetterSqlite3;
/** The driver's compiled addon; null until the first open looks for it, undefined when it is not there. */
let nativeBinding: string | undefined | null = null;

/**
 * Where the driver's install puts its addon, handed to the driver so that it loads it at once instead of
 * searching a dozen places through the `bindings` package; undefined (the driver searches) when it is elsewhere.
 */
function driverAddon(): string | undefined {
  if (nativeBinding === null) {
    try {
      nativeBinding = require.resolve('better-sqlite3/build/Release/better_sqlite3.node');
    } catch {
      nativeBinding = undefined;
    }
  }
  return nativeBinding;
}

/** A bound parameter. */
export type SqlValue = string | number | bigint | null | Buffer;

/** A prepared statement, prepared once and reused. */
export interface SqliteStatement {
  run(...params: readonly SqlValue[]): { changes: number };
  get(...params: readonly SqlValue[]): unknown;
  all(...params: readonly SqlValue[]): unknown[];
  /** Rows as arrays of column values (no per-row object keys). */
  rows(...params: readonly SqlValue[]): unknown[][];
}

/** An open SQLite database. */
export interface SqliteDb {
  readonly path: string;
  readonly memory: boolean;
  /** Opened read-only: nothing is written, migrated or checkpointed through this connection. */
  readonly readonly: boolean;
  prepare(sql: string): SqliteStatement;
  exec(sql: string): void;
  /** Runs `fn` in one transaction (BEGIN IMMEDIATE … COMMIT, rolled back if it throws). */
  transaction<T>(fn: () => T): T;
  /** Reads one pragma value (`page_count`). */
  pragmaValue(name: string): unknown;
  close(): void;
}

/** How to open a database. */
export interface OpenOptions {
  /**
   * Open read-only (inspect): the file must exist, is never migrated, and its schema must be this build's;
   * default false (create the file and its folders, switch to WAL, migrate).
   */
  readonly readonly?: boolean;
  /** Milliseconds to wait on a lock held by another connection before failing; default 5000. */
  readonly busyTimeoutMs?: number;
  /**
   * Testing seam: called with the file about to be handed to the driver; a throw stands for the driver's
   * own error (a folder SQLite may not write in, which a test running as root cannot otherwise set up).
   */
  readonly beforeOpen?: ((file: string) => void) | undefined;
}

/** WAL pages between automatic checkpoints (4 KB pages: about 40 MB); SQLite's default is 1,000. */
export const WAL_CHECKPOINT_PAGES = 10_000;
/** Size the WAL file is truncated to after a checkpoint. */
export const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;
/**
 * How much of the file a read-only connection memory-maps (SQLite's mmap_size): reading pages from the map
 * instead of a read() call per page took a third off the query of a 10,000-event execution (60 to 40 ms). It is
 * address space, not memory: only the pages read are faulted in. The file's tail past it is read as usual.
 */
export const READ_ONLY_MMAP_BYTES = 256 * 1024 * 1024;

/**
 * Opens a store; any failure is a StoreError naming `path`. Read-write: creates the parent folders, switches
 * to WAL and migrates. Read-only: see OpenOptions.readonly; a store in WAL mode whose folder this user
 * cannot write (SQLite would need to create its -shm file there) is read from a private copy instead.
 */
export function openSqliteDb(path: string, options: OpenOptions = {}): SqliteDb {
  const memory = path === ':memory:';
  const readonly = options.readonly === true && !memory;
  if (!memory) {
    const state = checkStorePath(path, readonly ? 'read' : 'write');
    if (readonly && state === 'missing') throw storeError('cannot_open', path, 'cannot open', 'no such file');
  }
  if (!readonly) return openFile(path, path, options, { readonly: false, memory });
  try {
    return openFile(path, path, options, { readonly: true, memory: false });
  } catch (error) {
    // The file is there and readable as a file (checked above): SQLite could not set up its side files
    // (-shm, -wal) beside it, as in a folder this user may not write.
    if (!(error instanceof StoreError && (error.code === 'read_only' || error.code === 'cannot_open'))) throw error;
    return openPrivateCopy(path, options);
  }
}

/** The driver's open of `file`, shown to the user as `shown` (they differ for a private copy). */
function openFile(file: string, shown: string, options: OpenOptions, mode: { readonly: boolean; memory: boolean; onClose?: () => void }): SqliteDb {
  let db: BetterSqlite3.Database | undefined;
  try {
    options.beforeOpen?.(file);
    db = new Database(file, { readonly: mode.readonly, fileMustExist: mode.readonly, nativeBinding: driverAddon() });
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    // Reading user_version is the first real read: it is where a non-database file fails.
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new StoreError('too_new', shown, `cannot open ${shown}: schema version ${version} is newer than this build understands (${SCHEMA_VERSION})`);
    }
    if (!mode.readonly) {
      if (version === 0) db.pragma('auto_vacuum = INCREMENTAL'); // only takes effect before the first table
      if (!mode.memory) db.pragma('journal_mode = WAL');
      // NORMAL in WAL: a commit survives a killed process; only power loss can drop the last commits.
      db.pragma('synchronous = NORMAL');
      if (!mode.memory) {
        // A checkpoint copies the WAL's pages into the file and syncs it: at SQLite's default (every 1,000 pages)
        // the writer spent about half its time there under a fast stream, copying index pages rewritten by every
        // batch. Every WAL_CHECKPOINT_PAGES pages it copies each page once for many batches; after it the WAL file
        // is cut back to WAL_SIZE_LIMIT_BYTES, so the disk it holds stays bounded.
        db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
        db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
      }
      migrate(db, version);
    } else {
      checkReadableSchema(shown, version);
      db.pragma(`mmap_size = ${READ_ONLY_MMAP_BYTES}`);
      db.prepare('SELECT 1 FROM events LIMIT 1').get();
    }
    return wrap(db, shown, mode);
  } catch (err) {
    try {
      db?.close();
    } catch {
      // already failing; the first error is the one worth reporting
    }
    mode.onClose?.();
    throw toStoreError(err, shown, 'cannot open');
  }
}

/** Read-only never migrates: a store this build cannot read as it is gets a reason, not an upgrade. */
function checkReadableSchema(path: string, version: number): void {
  if (version === 0) throw storeError('not_a_database', path, 'cannot read', 'not a jamjet-top store (it has no schema)');
  if (version < SCHEMA_VERSION) {
    throw storeError(
      'too_old',
      path,
      'cannot read',
      `schema version ${version} is older than this build's (${SCHEMA_VERSION}); a read-only command does not upgrade it: run jamjet top or jamjet serve on it once`,
    );
  }
}

/**
 * Reads a copy of the store (and its -wal, which holds the last commits of a writer that did not close) in a
 * private temporary folder, removed on close. Costs a copy of the file; only taken when a direct read-only
 * open is impossible.
 */
function openPrivateCopy(path: string, options: OpenOptions): SqliteDb {
  let folder: string | undefined;
  const remove = (): void => {
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
  };
  try {
    folder = mkdtempSync(join(tmpdir(), 'jamjet-store-'));
    const copy = join(folder, 'top.db');
    copyFileSync(path, copy);
    if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${copy}-wal`);
    return openFile(copy, path, options, { readonly: true, memory: false, onClose: remove });
  } catch (error) {
    remove();
    if (error instanceof StoreError) throw error;
    throw fsStoreError(error, path, 'cannot copy it to read it (SQLite cannot open it read-only in its folder)');
  }
}

function migrate(db: BetterSqlite3.Database, from: number): void {
  for (let v = from; v < MIGRATIONS.length; v++) {
    const sql = MIGRATIONS[v]!;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}

function wrap(db: BetterSqlite3.Database, path: string, mode: { readonly: boolean; memory: boolean; onClose?: () => void }): SqliteDb {
  const guard = <T>(what: string, fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      throw toStoreError(err, path, what);
    }
  };
  return {
    path,
    memory: mode.memory,
    readonly: mode.readonly,
    prepare(sql) {
      const stmt = guard('cannot prepare a statement on', () => db.prepare(sql));
      let rawStmt: BetterSqlite3.Statement | undefined; // prepared on first use of rows()
      return {
        run: (...p) => guard('cannot write', () => stmt.run(...p)),
        get: (...p) => guard('cannot read', () => stmt.get(...p)),
        all: (...p) => guard('cannot read', () => stmt.all(...p)),
        rows: (...p) =>
          guard('cannot read', () => {
            rawStmt ??= db.prepare(sql).raw(true);
            return rawStmt.all(...p) as unknown[][];
          }),
      };
    },
    exec: (sql) => guard('cannot write', () => void db.exec(sql)),
    transaction: (fn) => guard('cannot write', () => db.transaction(fn).immediate()),
    pragmaValue: (name) => guard('cannot read', () => db.pragma(name, { simple: true })),
    close: () => {
      if (!db.open) return;
      if (!mode.readonly && !mode.memory) leaveWal(db);
      db.close();
      mode.onClose?.();
    },
  };
}

/**
 * The last writer to close turns the store back into one plain file (rollback journal). Left in WAL mode,
 * every later reader, even a read-only one, creates -wal and -shm files beside it, and cannot read it at all
 * from a folder it may not write in. While another connection has the store open this fails at once (no busy
 * wait) and the store stays in WAL; the next writer switches it back to WAL on open.
 */
function leaveWal(db: BetterSqlite3.Database): void {
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('journal_mode = DELETE');
  } catch {
    // another connection still has it open: it stays in WAL, as it would have anyway
  }
}

/** Maps a driver or filesystem error to a one-line StoreError naming the file. Passes StoreErrors through. */
export function toStoreError(err: unknown, path: string, what: string): StoreError {
  if (err instanceof StoreError) return err;
  const code = (err as { code?: unknown } | undefined)?.code;
  const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
  const error = (c: StoreErrorCode, reason: string): StoreError => storeError(c, path, what, reason);
  if (typeof code !== 'string') return error('io', message);
  if (code === 'SQLITE_NOTADB') return error('not_a_database', 'file is not a database');
  if (code.startsWith('SQLITE_CORRUPT')) return error('corrupt', 'database is corrupt');
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return error('locked', 'database is locked by another process');
  if (code === 'SQLITE_READONLY_DIRECTORY') {
    return error('read_only', `cannot write in ${dirname(path)} (SQLite keeps the store's -wal and -shm files beside it)`);
  }
  if (code.startsWith('SQLITE_READONLY')) return error('read_only', 'the file is read-only');
  if (code.startsWith('SQLITE_CANTOPEN')) return error('cannot_open', 'no such file or it cannot be opened');
  if (code === 'SQLITE_FULL') return error('io', 'the disk is full');
  if (code.startsWith('SQLITE_')) return error('io', message);
  return fsStoreError(err, path);
}
