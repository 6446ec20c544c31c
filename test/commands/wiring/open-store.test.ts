import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommandExit } from '../../../source/commands/wiring/load-command-config.js';
import { openStore } from '../../../source/commands/wiring/open-store.js';
import { replayRestored } from '../../../source/core/monitor/replay-restored.js';
import { ManualClock } from '../../../source/core/clock.js';
import { loadConfig, loadConfigParser, type ResolvedConfig } from '../../../source/core/config/load-config.js';
import { ExecutionModel } from '../../../source/core/model/execution-model.js';
import { BUILT_IN_PRICES } from '../../../source/core/model/price-table.js';
import type { RestoredState } from '../../../source/core/store/restore.js';
import { SqliteEventSink } from '../../../source/core/store/sqlite-event-sink.js';
import { completedRun, envelope, execIdFor } from '../../helpers/store-fixtures.js';
import { tempDir } from '../../helpers/cmd-io.js';

const T0 = Date.UTC(2026, 2, 14, 9, 0, 0);
const SOURCE_KEY = 'ws://127.0.0.1:7700/v1/events';

function configFor(cwd: string, db: string) {
  return loadConfig({ flags: { db }, env: {}, cwd }).config;
}

/** A config on the default store location, placed at `db` (the real default is relative to the process's folder). */
function defaultConfigAt(cwd: string, db: string, stateHome: string): ResolvedConfig {
  const { config } = loadConfig({ flags: {}, env: { XDG_STATE_HOME: stateHome }, cwd });
  assert.equal(config.dbOrigin, 'default');
  return { ...config, db };
}

/** The CommandExit that `fn` throws. */
function exitOf(fn: () => unknown): CommandExit {
  try {
    const opened = fn() as { sink: { close(): Promise<void> } } | undefined;
    void opened?.sink.close();
  } catch (error) {
    assert.ok(error instanceof CommandExit, `expected CommandExit, got ${String(error)}`);
    assert.doesNotMatch(error.message, /\n/);
    return error;
  }
  assert.fail('expected a CommandExit');
}

describe('openStore', () => {
  test('opens nothing for --db :memory:', (t) => {
    const tmp = tempDir();
    t.after(tmp.remove);
    assert.equal(openStore(configFor(tmp.dir, ':memory:'), new ManualClock(T0), BUILT_IN_PRICES, () => undefined), undefined);
  });

  test('a file that is not a database is exit 2 with a one-line message naming --db and the file', (t) => {
    const tmp = tempDir();
    t.after(tmp.remove);
    const path = join(tmp.dir, 'garbage.db');
    writeFileSync(path, 'this is not an sqlite database, just some text that goes on for a while. '.repeat(100));
    let caught: unknown;
    try {
      const opened = openStore(configFor(tmp.dir, path), new ManualClock(T0), BUILT_IN_PRICES, () => undefined);
      void opened?.sink.close();
    } catch (error) {
      caught = error;
    }
    assert.ok(caught instanceof CommandExit, `expected CommandExit, got ${String(caught)}`);
    assert.equal(caught.code, 2);
    assert.equal(caught.message, `jamjet: --db ${path}: file is not a database`);
    assert.doesNotMatch(caught.message, /\n/);
  });

  test('a default location that cannot be created falls back to the state directory, saying where and why', async (t) => {
    const tmp = tempDir();
    t.after(tmp.remove);
    // .jamjet is a regular file here: mkdir fails with ENOTDIR for root as for anyone (as a read-only folder would).
    writeFileSync(join(tmp.dir, '.jamjet'), '');
    const db = join(tmp.dir, '.jamjet', 'top.db');
    const config = defaultConfigAt(tmp.dir, db, join(tmp.dir, 'state'));
    const notices: string[] = [];
    const opened = openStore(config, new ManualClock(T0), BUILT_IN_PRICES, () => undefined, (n) => notices.push(n));
    assert.ok(opened, 'a store was opened');
    const fallback = join(tmp.dir, 'state', 'jamjet-top', 'top.db');
    assert.equal(config.dbFallback, fallback);
    opened.sink.write(completedRun(6, T0), SOURCE_KEY, '5');
    await opened.sink.close();
    assert.deepEqual(notices, [`store: using ${fallback} (${db}: ${join(tmp.dir, '.jamjet')} is not a directory)`]);
    assert.ok(existsSync(fallback), 'the events went to the state directory');
  });

  test('when the state directory cannot be used either, the store is memory only, said in one line', (t) => {
    const tmp = tempDir();
    t.after(tmp.remove);
    writeFileSync(join(tmp.dir, 'file'), '');
    const db = join(tmp.dir, 'file', '.jamjet', 'top.db');
    const config = defaultConfigAt(tmp.dir, db, join(tmp.dir, 'file', 'state'));
    const notices: string[] = [];
    assert.equal(openStore(config, new ManualClock(T0), BUILT_IN_PRICES, () => undefined, (n) => notices.push(n)), undefined);
    const notFolder = `${join(tmp.dir, 'file')} is not a directory`;
    assert.deepEqual(notices, [`store: in memory only, nothing kept after exit (${db}: ${notFolder}; ${config.dbFallback}: ${notFolder})`]);
  });

  test('an explicit --db that cannot be created is exit 2 naming it and why; nothing falls back', (t) => {
    const tmp = tempDir();
    t.after(tmp.remove);
    writeFileSync(join(tmp.dir, 'file'), '');
    const db = join(tmp.dir, 'file', 'top.db');
    const config = { ...configFor(tmp.dir, db), dbFallback: join(tmp.dir, 'state', 'top.db') };
    const e = exitOf(() => openStore(config, new ManualClock(T0), BUILT_IN_PRICES, () => undefined));
    assert.equal(e.code, 2);
    assert.equal(e.message, `jamjet: --db ${db}: ${join(tmp.dir, 'file')} is not a directory`);
    assert.equal(existsSync(join(tmp.dir, 'state')), false);
  });

  test('--db naming a directory is "jamjet: --db DIR: is a directory", exit 2', (t) => {
    const tmp = tempDir();
    t.after(tmp.remove);
    const e = exitOf(() => openStore(configFor(tmp.dir, tmp.dir), new ManualClock(T0), BUILT_IN_PRICES, () => undefined));
    assert.equal(e.code, 2);
    assert.equal(e.message, `jamjet: --db ${tmp.dir}: is a directory`);
  });

  test('[top] db from jamjet.toml is named with the file it came from; it does not fall back either', async (t) => {
    const tmp = tempDir();
    t.after(tmp.remove);
    mkdirSync(join(tmp.dir, 'data'));
    writeFileSync(join(tmp.dir, 'jamjet.toml'), '[top]\ndb = "data"\n');
    await loadConfigParser();
    const { config } = loadConfig({ flags: {}, env: { HOME: tmp.dir }, cwd: tmp.dir });
    assert.equal(config.dbOrigin, 'file');
    const e = exitOf(() => openStore(config, new ManualClock(T0), BUILT_IN_PRICES, () => undefined));
    assert.equal(e.code, 2);
    assert.equal(e.message, `jamjet: ${join(tmp.dir, 'jamjet.toml')}: [top] db ${join(tmp.dir, 'data')}: is a directory`);
  });

  test('a default store that is there but unreadable stays exit 2: storing elsewhere would hide it', (t) => {
    const tmp = tempDir();
    t.after(tmp.remove);
    const db = join(tmp.dir, '.jamjet', 'top.db');
    mkdirSync(join(tmp.dir, '.jamjet'));
    writeFileSync(db, 'this is not an sqlite database, just some text that goes on for a while. '.repeat(100));
    const config = defaultConfigAt(tmp.dir, db, join(tmp.dir, 'state'));
    const e = exitOf(() => openStore(config, new ManualClock(T0), BUILT_IN_PRICES, () => undefined, () => assert.fail('no fallback')));
    assert.equal(e.message, `jamjet: --db ${db} (the default): file is not a database`);
    assert.equal(existsSync(join(tmp.dir, 'state')), false);
  });

  test('restores the events of a running execution and the source cursor written by an earlier run', async (t) => {
    const tmp = tempDir();
    const held: { store?: ReturnType<typeof openStore> } = {};
    // One hook, in order: node:test runs after-hooks first registered first, and the folder must outlive the sink.
    t.after(async () => {
      await held.store?.sink.close();
      tmp.remove();
    });
    const path = join(tmp.dir, 'top.db');
    const clock = new ManualClock(T0);
    const first = new SqliteEventSink({ path, clock, thread: 'inline' });
    const running = completedRun(1, T0, { end: false });
    const done = completedRun(2, T0);
    first.write([...running, ...done], SOURCE_KEY, '17');
    await first.close();

    const opened = (held.store = openStore(configFor(tmp.dir, path), clock, BUILT_IN_PRICES, () => undefined));
    assert.ok(opened);
    const { restored } = opened;
    assert.equal(restored.executions, 1, 'only the running execution is restored');
    assert.deepEqual(restored.events.map((e) => [e.sequence, e.kind.type]), running.map((e) => [e.sequence, e.kind.type]));
    assert.equal(restored.cursors.get(SOURCE_KEY), '17');

    const model = new ExecutionModel();
    assert.equal(replayRestored(model, restored, clock.now()), running.length);
    assert.equal(model.tree(execIdFor(1))?.summary.status, 'running');
  });
});

describe('replayRestored', () => {
  const restoredOf = (events: RestoredState['events']): RestoredState => ({ events, cursors: new Map(), executions: 1, skippedExecutions: 0 });

  test('applies restored events to the model without emitting their effects or counting them as applied again', () => {
    const model = new ExecutionModel();
    const events = completedRun(3, T0).map((e) => e.envelope);
    const applied = replayRestored(model, restoredOf(events), T0);
    assert.equal(applied, events.length);
    // The run that first applied them counted them: jamjet_top_events_applied_total (ev/s) must not jump on restart.
    assert.deepEqual([model.ingest().applied, model.ingest().duplicates], [0, 0]);
    assert.equal(model.tree(execIdFor(3))?.summary.status, 'completed');
    assert.deepEqual(model.drainEffects(), []);
  });

  test('skips an envelope the decoder rejects and does not count it', () => {
    const model = new ExecutionModel();
    const good = envelope(4, 1, { type: 'workflow_started', workflow_id: 'wf', workflow_version: '1', initial_input: {} }, T0);
    const bad = { ...envelope(4, 2, { type: 'node_scheduled', node_id: 'a', queue_type: 'general' }, T0 + 1), sequence: -1 };
    assert.equal(replayRestored(model, restoredOf([good, bad]), T0), 1);
    assert.equal(model.tree(execIdFor(4))?.summary.status, 'running');
  });

  test('leaves later events free to emit effects as usual', () => {
    const model = new ExecutionModel();
    const run = completedRun(5, T0);
    replayRestored(model, restoredOf(run.slice(0, 3).map((e) => e.envelope)), T0);
    for (const e of run.slice(3)) model.apply(e, 'src1', T0);
    assert.deepEqual(model.drainEffects().map((e) => e.type).filter((t) => t === 'execution_ended'), ['execution_ended']);
    assert.equal(model.ingest().applied, run.length - 3, 'only what came after the restore counts as applied');
    model.apply(run[0]!, 'src1', T0);
    assert.equal(model.ingest().duplicates, 1, 'a repeat of a restored event is a duplicate');
  });
});
