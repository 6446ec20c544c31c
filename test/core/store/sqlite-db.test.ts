import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDb } from '../../../source/core/store/sqlite-db.js';
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
      db.close();
      const again = openSqliteDb(path); // migrations are not re-run on an up-to-date file
      assert.equal(again.pragmaValue('user_version'), SCHEMA_VERSION);
      again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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

  test('reports a missing file opened read-only as cannot_open', () => {
    const dir = tempDir();
    try {
      const path = join(dir, 'absent.db');
      assert.throws(() => openSqliteDb(path, { readonly: true }), (err: unknown) => err instanceof StoreError && err.code === 'cannot_open');
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
});
