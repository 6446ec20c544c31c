// The one file that imports better-sqlite3: everything else sees SqliteDb, so a driver swap is a
// one-file change.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';
import { StoreError } from './store-error.js';

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
  /** Open read-only and fail if the file is missing (inspect); default false (create, migrate). */
  readonly readonly?: boolean;
  /** Milliseconds to wait on a lock held by another connection before failing; default 5000. */
  readonly busyTimeoutMs?: number;
}

/** Opens (creating the parent directory), switches to WAL and migrates; any failure is a StoreError. */
export function openSqliteDb(path: string, options: OpenOptions = {}): SqliteDb {
  const memory = path === ':memory:';
  let db: Database.Database | undefined;
  try {
    if (!memory && !options.readonly) mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    // Reading user_version is the first real read: it is where a non-database file fails.
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new StoreError('too_new', path, `cannot open ${path}: schema version ${version} is newer than this build understands (${SCHEMA_VERSION})`);
    }
    if (!options.readonly) {
      if (version === 0) db.pragma('auto_vacuum = INCREMENTAL'); // only takes effect before the first table
      if (!memory) db.pragma('journal_mode = WAL');
      // NORMAL in WAL: a commit survives a killed process; only power loss can drop the last commits.
      db.pragma('synchronous = NORMAL');
      migrate(db, version);
    } else {
      db.prepare('SELECT 1 FROM events LIMIT 1').get();
    }
    return wrap(db, path, memory);
  } catch (err) {
    try {
      db?.close();
    } catch {
      // already failing; the first error is the one worth reporting
    }
    throw toStoreError(err, path, 'cannot open');
  }
}

function migrate(db: Database.Database, from: number): void {
  for (let v = from; v < MIGRATIONS.length; v++) {
    const sql = MIGRATIONS[v]!;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}

function wrap(db: Database.Database, path: string, memory: boolean): SqliteDb {
  const guard = <T>(what: string, fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      throw toStoreError(err, path, what);
    }
  };
  return {
    path,
    memory,
    prepare(sql) {
      const stmt = guard('cannot prepare a statement on', () => db.prepare(sql));
      let rawStmt: Database.Statement | undefined; // prepared on first use of rows()
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
      if (db.open) db.close();
    },
  };
}

/** Maps a driver or filesystem error to a one-line StoreError naming the file. Passes StoreErrors through. */
export function toStoreError(err: unknown, path: string, what: string): StoreError {
  if (err instanceof StoreError) return err;
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
  if (code === 'SQLITE_NOTADB') return new StoreError('not_a_database', path, `${what} ${path}: file is not a database`);
  if (code === 'SQLITE_CORRUPT') return new StoreError('corrupt', path, `${what} ${path}: database is corrupt`);
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new StoreError('locked', path, `${what} ${path}: database is locked by another process`);
  }
  if (code === 'SQLITE_CANTOPEN') return new StoreError('cannot_open', path, `${what} ${path}: no such file or it cannot be opened`);
  if (typeof code === 'string' && (code.startsWith('E') || code.startsWith('SQLITE_IOERR'))) {
    return new StoreError('io', path, `${what} ${path}: ${message}`);
  }
  return new StoreError('io', path, `${what} ${path}: ${message}`);
}
