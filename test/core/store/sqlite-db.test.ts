import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { asUnprivileged } from '../../helpers/unprivileged.js';
import { openSqliteDb, READ_ONLY_MMAP_BYTES, toStoreError, WAL_CHECKPOINT_PAGES, WAL_SIZE_LIMIT_BYTES, type SqliteDb } from '../../../source/core/store/sqlite-db.js';
import { StoreError } from '../../../source/core/store/store-error.js';
import { SCHEMA_VERSION } from '../../../source/core/store/migrations.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'jj-db-'));
}

describe('openSqliteDb', () => {
  test('creates the parent directory, migrates to the current schema version and uses WAL', () => {
    const dir = tempDir();
    try {
      const path = join(dir, 'nested', 'top.db');
      const db = openSqliteDb(path);
      assert.equal(db.pragmaValue('user_version'), SCHEMA_VERSION);
      assert.equal(db.pragmaValue('journal_mode'), 'wal');
      // Checkpoints rarer than SQLite's default (the writer's time went there), the WAL file cut back after each.
      assert.deepEqual([db.pragmaValue('wal_autocheckpoint'), db.pragmaValue('journal_size_limit')], [WAL_CHECKPOINT_PAGES, WAL_SIZE_LIMIT_BYTES]);
      db.close();
      const again = openSqliteDb(path); // migrations are not re-run on an up-to-date file
      assert.equal(again.pragmaValue('user_version'), SCHEMA_VERSION);
      again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('hands the driver its addon: the bindings package, which searches a dozen places for it, is never loaded', () => {
    const db = openSqliteDb(':memory:');
    db.close();
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    assert.ok(loaded.some((f) => f.includes('/better-sqlite3/')), 'the driver is loaded');
    assert.deepEqual(loaded.filter((f) => f.includes('/node_modules/bindings/')), []);
  });

  test('reports a file that is not a database as a one-line StoreError naming the file', () => {
    const dir = tempDir();
    try {
      const path = join(dir, 'top.db');
      writeFileSync(path, 'this is not sqlite, just some text that is long enough to look like a header'.repeat(20));
      assert.throws(() => openSqliteDb(path), (err: unknown) => {
        assert.ok(err instanceof StoreError);
        assert.equal(err.code, 'not_a_database');
        assert.equal(err.message, `cannot open ${path}: file is not a database`);
        assert.ok(!err.message.includes('\n'));
        return true;
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('refuses a database written by a newer schema', () => {
    const dir = tempDir();
    try {
      const path = join(dir, 'top.db');
      const db = openSqliteDb(path);
      db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
      db.close();
      assert.throws(() => openSqliteDb(path), (err: unknown) => err instanceof StoreError && err.code === 'too_new');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('reports a missing file opened read-only as cannot_open, and does not create it', () => {
    const dir = tempDir();
    try {
      const path = join(dir, 'absent.db');
      assert.throws(() => openSqliteDb(path, { readonly: true }), (err: unknown) => err instanceof StoreError && err.code === 'cannot_open');
      assert.deepEqual(readdirSync(dir), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('reports a write lock held past the busy timeout as locked', () => {
    const dir = tempDir();
    try {
      const path = join(dir, 'top.db');
      const a = openSqliteDb(path);
      const b = openSqliteDb(path, { busyTimeoutMs: 10 });
      a.exec('BEGIN IMMEDIATE');
      assert.throws(() => b.transaction(() => b.exec("INSERT INTO meta VALUES ('k', 'v')")), (err: unknown) => {
        assert.ok(err instanceof StoreError);
        assert.equal(err.code, 'locked');
        assert.match(err.message, /database is locked/);
        return true;
      });
      a.exec('ROLLBACK');
      a.close();
      b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('supports :memory:', () => {
    const db = openSqliteDb(':memory:');
    assert.equal(db.memory, true);
    assert.equal(db.pragmaValue('user_version'), SCHEMA_VERSION);
    db.close();
  });

  test('a directory is "is a directory", read-only or not (SQLite itself says "disk I/O error")', () => {
    const dir = tempDir();
    try {
      for (const readonly of [false, true]) {
        assert.throws(() => openSqliteDb(dir, { readonly }), (err: unknown) => {
          assert.ok(err instanceof StoreError);
          assert.equal(err.code, 'is_directory');
          assert.equal(err.message, `cannot open ${dir}: is a directory`);
          return true;
        });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a path under a regular file names that file (SQLite itself says EEXIST from mkdir)', () => {
    const dir = tempDir();
    try {
      const file = join(dir, 'plain');
      writeFileSync(file, 'x');
      assert.throws(() => openSqliteDb(join(file, 'top.db')), (err: unknown) => {
        assert.ok(err instanceof StoreError);
        assert.equal(err.code, 'not_a_directory');
        assert.equal(err.reason, `${file} is not a directory`);
        return true;
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the last writer to close leaves one plain file (rollback journal), not a WAL store with side files', () => {
    const dir = tempDir();
    try {
      const path = join(dir, 'top.db');
      const a = openSqliteDb(path);
      const b = openSqliteDb(path);
      assert.equal(b.pragmaValue('journal_mode'), 'wal', 'WAL while it is written');
      a.exec("INSERT INTO meta VALUES ('k', 'v')");
      const started = performance.now();
      a.close(); // b still has it open: a cannot switch, and must not wait out the 5 s busy timeout trying
      assert.ok(performance.now() - started < 4000, 'close did not wait on the other connection');
      assert.equal(journalModeInHeader(path), 'wal');
      b.close();
      assert.equal(journalModeInHeader(path), 'rollback');
      assert.deepEqual(readdirSync(dir), ['top.db']);
      const again = openSqliteDb(path);
      assert.equal(again.pragmaValue('journal_mode'), 'wal', 'the next writer switches back to WAL');
      again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('read-only opens neither write nor create anything: same bytes, same mtime, no -wal or -shm', () => {
    const dir = tempDir();
    try {
      const path = writtenStore(dir);
      const before = fileState(path);
      const db = openSqliteDb(path, { readonly: true });
      assert.equal(db.readonly, true);
      assert.deepEqual(db.prepare("SELECT value FROM meta WHERE key = 'k'").get(), { value: 'v' });
      assert.throws(() => db.exec("INSERT INTO meta VALUES ('k2', 'v')"), (err: unknown) => err instanceof StoreError && err.code === 'read_only');
      db.close();
      assert.deepEqual(fileState(path), before);
      assert.deepEqual(readdirSync(dir), ['top.db']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('read-only reads what a live writer committed to its WAL without checkpointing it into the file', () => {
    const dir = tempDir();
    try {
      const path = join(dir, 'top.db');
      const writer = openSqliteDb(path);
      writer.exec("INSERT INTO meta VALUES ('live', 'yes')");
      const before = fileState(path);
      const reader = openSqliteDb(path, { readonly: true });
      assert.deepEqual(reader.prepare("SELECT value FROM meta WHERE key = 'live'").get(), { value: 'yes' });
      reader.close();
      assert.deepEqual(fileState(path), before);
      writer.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('read-only reads through a memory map, and reads what a writer checkpointed into the file after it opened', () => {
    const dir = tempDir();
    try {
      const path = join(dir, 'top.db');
      const writer = openSqliteDb(path);
      writer.exec("INSERT INTO meta VALUES ('first', 'x')");
      const reader = openSqliteDb(path, { readonly: true });
      assert.equal(reader.pragmaValue('mmap_size'), READ_ONLY_MMAP_BYTES);
      const count = reader.prepare('SELECT count(*) AS n FROM meta');
      assert.deepEqual(count.get(), { n: 1 });
      const sizeBefore = statSync(path).size;
      // The file grows past what the reader mapped: SQLite maps the new pages on the next read.
      writer.transaction(() => {
        const insert = writer.prepare('INSERT INTO meta VALUES (?, ?)');
        for (let i = 0; i < 2000; i++) insert.run(`k${i}`, 'v'.repeat(1000));
      });
      writer.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      assert.ok(statSync(path).size > sizeBefore + 1_000_000);
      assert.deepEqual(count.get(), { n: 2001 });
      assert.deepEqual(reader.prepare("SELECT length(value) AS n FROM meta WHERE key = 'k1999'").get(), { n: 1000 });
      reader.close();
      writer.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('read-only never migrates: a file with no schema is "not a jamjet-top store" and stays as it was', () => {
    const dir = tempDir();
    try {
      const path = join(dir, 'empty.db');
      writeFileSync(path, '');
      assert.throws(() => openSqliteDb(path, { readonly: true }), (err: unknown) => {
        assert.ok(err instanceof StoreError);
        assert.equal(err.code, 'not_a_database');
        assert.equal(err.message, `cannot read ${path}: not a jamjet-top store (it has no schema)`);
        return true;
      });
      assert.equal(statSync(path).size, 0, 'not migrated');
      assert.deepEqual(readdirSync(dir), ['empty.db']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('read-only refuses a store from an older schema with what to do, instead of migrating it', () => {
    const dir = tempDir();
    try {
      const path = writtenStore(dir);
      const w = openSqliteDb(path);
      w.exec(`PRAGMA user_version = ${SCHEMA_VERSION - 1}`);
      w.close();
      const before = fileState(path);
      assert.throws(() => openSqliteDb(path, { readonly: true }), (err: unknown) => {
        assert.ok(err instanceof StoreError);
        assert.equal(err.code, 'too_old');
        assert.match(err.reason, new RegExp(`^schema version ${SCHEMA_VERSION - 1} is older than this build's \\(${SCHEMA_VERSION}\\); .*run jamjet top or jamjet serve on it once$`));
        return true;
      });
      assert.deepEqual(fileState(path), before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('read-only in a folder SQLite may not write (no -shm possible) reads a private copy, WAL included, and removes it', () => {
    const dir = tempDir();
    try {
      // A writer that never closed: its last commits are only in top.db-wal, and there is no -shm.
      const live = join(dir, 'live', 'top.db');
      const writer = openSqliteDb(live);
      writer.exec("INSERT INTO meta VALUES ('only-in-wal', 'yes')");
      const path = join(dir, 'ro', 'top.db');
      mkdirSync(dirname(path));
      copyFileSync(live, path);
      copyFileSync(`${live}-wal`, `${path}-wal`);
      writer.close();
      const before = fileState(path);
      const opened: string[] = [];
      // Root cannot be denied a folder, so the driver's refusal is injected; the copy and the read are real.
      const db = openSqliteDb(path, {
        readonly: true,
        beforeOpen: (file) => {
          opened.push(file);
          if (file === path) throw Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY_DIRECTORY' });
        },
      });
      assert.equal(db.readonly, true);
      assert.equal(db.path, path, 'messages name the store, not the copy');
      assert.deepEqual(db.prepare("SELECT value FROM meta WHERE key = 'only-in-wal'").get(), { value: 'yes' });
      const copy = opened[1]!;
      assert.notEqual(dirname(copy), dirname(path));
      db.close();
      assert.equal(existsSync(dirname(copy)), false, 'the private copy is removed on close');
      assert.deepEqual(fileState(path), before);
      assert.deepEqual(readdirSync(dirname(path)).sort(), ['top.db', 'top.db-wal']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('read-only in a folder this user cannot write, for real (as nobody when the tests run as root)', () => {
    const dir = tempDir();
    const ro = join(dir, 'ro');
    try {
      mkdirSync(ro);
      const live = join(dir, 'live', 'top.db');
      const writer = openSqliteDb(live);
      writer.exec("INSERT INTO meta VALUES ('k', 'wal')");
      const path = join(ro, 'top.db');
      copyFileSync(live, path);
      copyFileSync(`${live}-wal`, `${path}-wal`);
      writer.close();
      chmodSync(path, 0o644);
      chmodSync(`${path}-wal`, 0o644);
      chmodSync(ro, 0o555);
      asUnprivileged([dir], () => {
        const db = openSqliteDb(path, { readonly: true });
        assert.deepEqual(db.prepare("SELECT value FROM meta WHERE key = 'k'").get(), { value: 'wal' });
        db.close();
        assert.equal(existsSync(`${path}-shm`), false);
      });
    } finally {
      chmodSync(ro, 0o755);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('maps SQLite read-only refusals to read_only naming the folder or the file', () => {
    const dirErr = toStoreError(Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY_DIRECTORY' }), '/srv/jj/top.db', 'cannot open');
    assert.equal(dirErr.code, 'read_only');
    assert.equal(dirErr.reason, "cannot write in /srv/jj (SQLite keeps the store's -wal and -shm files beside it)");
    const fileErr = toStoreError(Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' }), '/srv/jj/top.db', 'cannot write');
    assert.equal(fileErr.message, 'cannot write /srv/jj/top.db: the file is read-only');
  });
});

/** A closed store holding meta k = v; returns its path. */
function writtenStore(dir: string): string {
  const path = join(dir, 'top.db');
  const db: SqliteDb = openSqliteDb(path);
  db.exec("INSERT INTO meta VALUES ('k', 'v')");
  db.close();
  return path;
}

/** What a read must not change: the bytes and the modification time. */
function fileState(path: string): { bytes: string; mtimeMs: number } {
  return { bytes: readFileSync(path).toString('base64'), mtimeMs: statSync(path).mtimeMs };
}

/** The journal mode the file header records (bytes 18 and 19: 1 rollback, 2 WAL). */
function journalModeInHeader(path: string): 'rollback' | 'wal' {
  const header = readFileSync(path).subarray(18, 20);
  return header[0] === 2 && header[1] === 2 ? 'wal' : 'rollback';
}
