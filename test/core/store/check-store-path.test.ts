import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkStorePath, fsStoreError } from '../../../source/core/store/check-store-path.js';
import { isLocationError, StoreError } from '../../../source/core/store/store-error.js';
import { tempDir } from '../../helpers/cmd-io.js';
import { inUnprivilegedProcess } from '../../helpers/unprivileged.js';

/** Runs `fn` and returns the StoreError it throws. */
function storeErrorOf(fn: () => unknown): StoreError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof StoreError, `expected a StoreError, got ${String(error)}`);
    assert.doesNotMatch(error.message, /\n/);
    return error;
  }
  assert.fail('expected a StoreError');
}

const errno = (code: string, message = `${code}: something`): NodeJS.ErrnoException => Object.assign(new Error(message), { code });

describe('checkStorePath', () => {
  test('a directory is "is a directory" for reading and for writing (SQLite says "disk I/O error")', (t) => {
    const tmp = tempDir('jj-path-');
    t.after(tmp.remove);
    for (const mode of ['read', 'write'] as const) {
      const e = storeErrorOf(() => checkStorePath(tmp.dir, mode));
      assert.equal(e.code, 'is_directory');
      assert.equal(e.reason, 'is a directory');
      assert.equal(e.path, tmp.dir);
    }
  });

  test('a path under a regular file names the file that is not a directory (ENOTDIR, as root too)', (t) => {
    const tmp = tempDir('jj-path-');
    t.after(tmp.remove);
    const file = join(tmp.dir, 'plain');
    writeFileSync(file, 'x');
    for (const path of [join(file, 'top.db'), join(file, 'deeper', 'top.db')]) {
      for (const mode of ['read', 'write'] as const) {
        const e = storeErrorOf(() => checkStorePath(path, mode));
        assert.equal(e.code, 'not_a_directory', `${mode} ${path}`);
        assert.equal(e.reason, `${file} is not a directory`);
        assert.ok(isLocationError(e));
      }
    }
  });

  test('reading a missing store creates nothing; writing creates its missing folders', (t) => {
    const tmp = tempDir('jj-path-');
    t.after(tmp.remove);
    const path = join(tmp.dir, 'a', 'b', 'top.db');
    assert.equal(checkStorePath(path, 'read'), 'missing');
    assert.equal(existsSync(join(tmp.dir, 'a')), false);
    assert.equal(checkStorePath(path, 'write'), 'missing');
    assert.equal(existsSync(join(tmp.dir, 'a', 'b')), true);
    assert.equal(existsSync(path), false, 'the file itself is SQLite\'s to create');
    writeFileSync(path, '');
    assert.equal(checkStorePath(path, 'read'), 'file');
    assert.equal(checkStorePath(path, 'write'), 'file');
  });

  test('a folder or file this user cannot write is permission denied naming what failed (as nobody when the tests run as root)', async (t) => {
    const { chmodSync } = await import('node:fs');
    const tmp = tempDir('jj-path-');
    t.after(() => {
      chmodSync(join(tmp.dir, 'ro'), 0o755);
      tmp.remove();
    });
    mkdirSync(join(tmp.dir, 'ro'));
    writeFileSync(join(tmp.dir, 'ro', 'top.db'), '');
    chmodSync(join(tmp.dir, 'ro', 'top.db'), 0o444);
    chmodSync(join(tmp.dir, 'ro'), 0o555);
    writeFileSync(join(tmp.dir, 'secret.db'), '');
    chmodSync(join(tmp.dir, 'secret.db'), 0o200);
    // checkStorePath asks access(2), which checks the real uid: as root, only another process can be refused.
    const module = new URL('../../../source/core/store/check-store-path.js', import.meta.url).href;
    const out = inUnprivilegedProcess([tmp.dir], `
      const { checkStorePath } = await import(${JSON.stringify(module)});
      const [dir] = process.argv.slice(1);
      const reasonOf = (path, mode) => { try { return checkStorePath(path, mode); } catch (e) { return e.reason; } };
      console.log(JSON.stringify([
        reasonOf(dir + '/ro/top.db', 'write'), reasonOf(dir + '/ro/new.db', 'write'), reasonOf(dir + '/ro/sub/new.db', 'write'),
        reasonOf(dir + '/ro/top.db', 'read'), reasonOf(dir + '/secret.db', 'read'),
      ]));`, [tmp.dir]);
    assert.deepEqual(JSON.parse(out), [
      'not writable: permission denied',
      `cannot create files in ${join(tmp.dir, 'ro')}: permission denied`,
      `cannot create ${join(tmp.dir, 'ro', 'sub')}: permission denied`,
      'file',
      'not readable: permission denied',
    ]);
  });
});

describe('fsStoreError', () => {
  test('maps permission, read-only file system and full disk to a short reason, with what failed first', () => {
    const cases: [string, string, string][] = [
      ['EACCES', 'permission_denied', 'cannot create .jamjet: permission denied'],
      ['EPERM', 'permission_denied', 'cannot create .jamjet: permission denied'],
      ['EROFS', 'read_only', 'cannot create .jamjet: read-only file system'],
      ['ENOSPC', 'io', 'cannot create .jamjet: no space left on the device'],
    ];
    for (const [code, expected, reason] of cases) {
      const e = fsStoreError(errno(code), '.jamjet/top.db', 'cannot create .jamjet');
      assert.equal(e.code, expected, code);
      assert.equal(e.reason, reason);
      assert.equal(e.message, `cannot open .jamjet/top.db: ${reason}`);
    }
    assert.equal(fsStoreError(errno('ELOOP', 'ELOOP: too many symbolic links\nstack'), 'x.db').reason, 'ELOOP: too many symbolic links');
  });

  test('location errors (may be answered by storing elsewhere) are told from content errors', () => {
    for (const code of ['permission_denied', 'read_only', 'is_directory', 'not_a_directory', 'cannot_open'] as const) {
      assert.equal(isLocationError(new StoreError(code, 'x', 'm')), true, code);
    }
    for (const code of ['corrupt', 'not_a_database', 'locked', 'too_new', 'too_old', 'io'] as const) {
      assert.equal(isLocationError(new StoreError(code, 'x', 'm')), false, code);
    }
  });
});
