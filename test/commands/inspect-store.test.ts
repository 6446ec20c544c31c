// Where inspect reads from, and that reading never writes: a store on read-only media, in someone else's
// folder, or next to a running `top` must come out exactly as it went in.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ManualClock } from '../../source/core/clock.js';
import { SqliteEventSink } from '../../source/core/store/sqlite-event-sink.js';
import { tempDir } from '../helpers/cmd-io.js';
import { FIXTURE_IDS, fixtureStore, inspectCaptured } from '../helpers/inspect-fixtures.js';
import { completedRun, execIdFor } from '../helpers/store-fixtures.js';

const NOW = Date.parse('2026-03-16T00:00:00Z');

const run = inspectCaptured;

/** Everything in a folder that a read could change: names, bytes and modification times. */
function folderState(dir: string): Record<string, { bytes: string; mtimeMs: number }> {
  const out: Record<string, { bytes: string; mtimeMs: number }> = {};
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    out[name] = { bytes: readFileSync(path).toString('base64'), mtimeMs: statSync(path).mtimeMs };
  }
  return out;
}

describe('jamjet inspect reads the store read-only', () => {
  test('a list, a tree, events and state leave the store folder exactly as it was: same bytes, no -wal or -shm', async (t) => {
    const { db, cleanup } = await fixtureStore();
    t.after(cleanup);
    const folder = join(db, '..');
    const before = folderState(folder);
    assert.deepEqual(Object.keys(before), ['top.db']);
    assert.equal((await run({ db })).code, 0);
    assert.equal((await run({ db, id: FIXTURE_IDS['child-workflow'], events: true, state: true })).code, 0);
    assert.equal((await run({ db, id: FIXTURE_IDS.completed, json: true })).code, 0);
    assert.deepEqual(folderState(folder), before);
  });

  test('a store still being written is read as it is, and its file is not checkpointed into', async (t) => {
    const tmp = tempDir('jj-inspect-live-');
    t.after(tmp.remove);
    const db = join(tmp.dir, 'top.db');
    const sink = new SqliteEventSink({ path: db, clock: new ManualClock(0), thread: 'inline' });
    t.after(() => sink.close());
    sink.write(completedRun(1, NOW - 60_000), 'src', undefined);
    await sink.flush();
    const bytes = readFileSync(db).toString('base64');
    const r = await run({ db, id: execIdFor(1) });
    assert.equal(r.code, 0, r.err);
    assert.equal(readFileSync(db).toString('base64'), bytes);
  });

  test('a file with no schema is exit 2 saying it is not a jamjet-top store, and it is not migrated', async (t) => {
    const tmp = tempDir('jj-inspect-empty-');
    t.after(tmp.remove);
    const db = join(tmp.dir, 'top.db');
    writeFileSync(db, '');
    const r = await run({ db });
    assert.equal(r.code, 2);
    assert.equal(r.err, `jamjet: --db ${db}: not a jamjet-top store (it has no schema)\n`);
    assert.equal(statSync(db).size, 0);
  });
});

describe('jamjet inspect: --db paths that cannot be a store', () => {
  test('a directory is "jamjet: --db DIR: is a directory", exit 2 (SQLite says "disk I/O error")', async (t) => {
    const tmp = tempDir('jj-inspect-dir-');
    t.after(tmp.remove);
    const r = await run({ db: tmp.dir });
    assert.equal(r.code, 2);
    assert.equal(r.err, `jamjet: --db ${tmp.dir}: is a directory\n`);
  });

  test('a path under a regular file names that file, exit 2', async (t) => {
    const tmp = tempDir('jj-inspect-notdir-');
    t.after(tmp.remove);
    const file = join(tmp.dir, 'plain');
    writeFileSync(file, '');
    const r = await run({ db: join(file, 'top.db'), id: execIdFor(1) });
    assert.equal(r.code, 2);
    assert.equal(r.err, `jamjet: --db ${join(file, 'top.db')}: ${file} is not a directory\n`);
  });

  test('a store setting from jamjet.toml is named as the command names it', async (t) => {
    const tmp = tempDir('jj-inspect-label-');
    t.after(tmp.remove);
    const r = await run({ db: tmp.dir, storeSetting: (p) => `jamjet.toml: [top] db ${p}` });
    assert.equal(r.err, `jamjet: jamjet.toml: [top] db ${tmp.dir}: is a directory\n`);
  });
});

describe('jamjet inspect without --db looks where top writes', () => {
  test('the default location when it holds a store, else the state-directory fallback', async (t) => {
    const { db: stored, cleanup } = await fixtureStore();
    t.after(cleanup);
    const tmp = tempDir('jj-inspect-fallback-');
    t.after(tmp.remove);
    const fallback = join(tmp.dir, 'state', 'jamjet-top', 'top.db');
    mkdirSync(join(fallback, '..'), { recursive: true });
    copyFileSync(stored, fallback);
    const db = join(tmp.dir, '.jamjet', 'top.db');

    const fromFallback = await run({ db, fallbackDb: fallback, id: FIXTURE_IDS.completed });
    assert.equal(fromFallback.code, 0, fromFallback.err);
    assert.match(fromFallback.out, /research_brief/);
    assert.equal(existsSync(join(tmp.dir, '.jamjet')), false, 'the default location is not created');

    // A default location that cannot hold a store (here .jamjet is a file) is where top fell back from.
    writeFileSync(join(tmp.dir, '.jamjet'), '');
    assert.equal((await run({ db, fallbackDb: fallback, id: FIXTURE_IDS.completed })).code, 0);
  });

  test('with neither store there, says both places it looked', async (t) => {
    const tmp = tempDir('jj-inspect-none-');
    t.after(tmp.remove);
    const db = join(tmp.dir, '.jamjet', 'top.db');
    const fallback = join(tmp.dir, 'state', 'top.db');
    const r = await run({ db, fallbackDb: fallback, id: execIdFor(1) });
    assert.equal(r.code, 1);
    assert.equal(r.err, `no execution ${execIdFor(1)} in ${db} or ${fallback}\n`);
    assert.deepEqual(readdirSync(tmp.dir), [], 'nothing created');
  });
});
