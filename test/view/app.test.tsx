import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, render } from 'ink-testing-library';
import { App } from '../../source/view/app.js';
import { KEYMAP } from '../../source/view/keymap.js';
import { displayWidth } from '../../source/view/format/truncate.js';
import { execId, focusTree, node, snapshotWith, span, summary, windowStatsFixture } from '../helpers/view-fixtures.js';
import { FakeSnapshotStore } from '../helpers/view-fake-store.js';
import { KEYS, assertGoldenFrame, settle, waitFor } from '../helpers/view-golden.js';

afterEach(() => cleanup());

function mount(store: FakeSnapshotStore, size = { rows: 30, columns: 100 }, onQuit?: () => void) {
  return render(<App store={store} size={size} color={false} onQuit={onQuit} />);
}

const focusActions = (store: FakeSnapshotStore) => store.actions.filter((a) => a.type === 'focus').map((a) => (a.type === 'focus' ? a.executionId : ''));

describe('App', () => {
  test('renders the stacked dashboard matching its golden frame', async () => {
    const app = mount(new FakeSnapshotStore(snapshotWith()));
    await settle();
    assertGoldenFrame('app-stacked-100x30', app.lastFrame());
  });

  test('renders panes side by side on a wide terminal, matching its golden frame', async () => {
    const app = mount(new FakeSnapshotStore(snapshotWith()), { rows: 30, columns: 180 });
    await settle();
    assertGoldenFrame('app-wide-180x30', app.lastFrame());
  });

  test('shows rolling-window metrics between the status bar and the panes, matching its golden frame', async () => {
    const app = mount(new FakeSnapshotStore(snapshotWith({ windows: windowStatsFixture() })), { rows: 24, columns: 80 });
    await settle();
    const lines = (app.lastFrame() ?? '').split('\n');
    assert.match(lines[1] ?? '', /^exec p50\/p95\/p99/);
    assert.match(lines[3] ?? '', /^exec\/s /);
    assert.match(lines[4] ?? '', /Executions/);
    assertGoldenFrame('app-metrics-80x24', app.lastFrame());
  });

  test('never renders more lines than the terminal has with metrics shown, and cuts them to the columns', async () => {
    const store = new FakeSnapshotStore(snapshotWith({ windows: windowStatsFixture(), notices: ['metrics: cannot listen on 127.0.0.1:9090: address already in use'] }, 300));
    for (const size of [{ rows: 24, columns: 80 }, { rows: 20, columns: 80 }, { rows: 15, columns: 60 }, { rows: 24, columns: 200 }]) {
      const app = mount(store, size);
      await settle();
      const frame = app.lastFrame() ?? '';
      const lines = frame.split('\n');
      assert.equal(lines.length, size.rows - 1, `${lines.length} lines at ${size.rows} rows`);
      for (const line of lines) assert.ok(displayWidth(line) <= size.columns, line);
      if (size.rows >= 20) assert.match(frame, /exec p50\/p95\/p99/, `metrics shown at ${size.rows} rows`);
      else assert.doesNotMatch(frame, /exec p50/, `no room for metrics at ${size.rows} rows`);
      assert.match(frame, /Executions/, `executions pane kept at ${size.rows} rows`);
      app.unmount();
    }
  });

  test('shows a busy metrics port as a notice in the status bar at 80 columns', async () => {
    const store = new FakeSnapshotStore(snapshotWith({ notices: ['metrics: cannot listen on 127.0.0.1:9090: address already in use'] }));
    const app = mount(store, { rows: 24, columns: 80 });
    await settle();
    const status = (app.lastFrame() ?? '').split('\n')[0] ?? '';
    assert.match(status, /metrics: cannot listen on 127\.0\.0\.1:9090: address already in use/);
    assert.ok(displayWidth(status) <= 80, status);
  });

  const WIDE = { rows: 30, columns: 180 };
  const selectedLine = (app: { lastFrame(): string | undefined }) => (app.lastFrame() ?? '').split('\n').find((l) => l.startsWith('› ')) ?? '';

  test('focuses the first execution beside the list when wide, and j/k move the selection and dispatch focus', async () => {
    const store = new FakeSnapshotStore(snapshotWith());
    const app = mount(store, WIDE);
    await settle();
    const ids = store.getSnapshot().executions.map((e) => e.id);
    await waitFor(() => focusActions(store).length === 1);
    assert.deepEqual(focusActions(store), [ids[0]]);
    for (const [n, key] of [[2, 'j'], [3, KEYS.down], [4, 'k']] as const) {
      app.stdin.write(key);
      await waitFor(() => focusActions(store).length === n);
    }
    await waitFor(() => /› ● exec_0000b000…/.test(app.lastFrame() ?? ''));
    assert.deepEqual(focusActions(store), [ids[0], ids[1], ids[2], ids[1]]);
  });

  test('stacked, no tree is asked for until Enter opens the detail', async () => {
    const store = new FakeSnapshotStore(snapshotWith());
    const app = mount(store);
    await settle();
    assert.deepEqual(focusActions(store), []);
    app.stdin.write('j');
    app.stdin.write(KEYS.enter);
    const ids = store.getSnapshot().executions.map((e) => e.id);
    await waitFor(() => focusActions(store).length === 1);
    assert.deepEqual(focusActions(store), [ids[1]]);
    app.stdin.write(KEYS.escape);
    await waitFor(() => focusActions(store).length === 2);
    assert.deepEqual(focusActions(store), [ids[1], undefined]);
  });

  test('applies keys typed faster than the screen redraws, in order, and a burst in one write key by key', async () => {
    const store = new FakeSnapshotStore(snapshotWith());
    const app = mount(store);
    await settle();
    app.stdin.write('j');
    app.stdin.write('j');
    app.stdin.write(KEYS.enter);
    app.stdin.write('j');
    const ids = store.getSnapshot().executions.map((e) => e.id);
    await waitFor(() => focusActions(store).at(-1) === ids[2]);
    await waitFor(() => /^› ├── node:search/m.test(app.lastFrame() ?? ''));
    app.stdin.write(KEYS.escape);
    await waitFor(() => /Executions/.test(app.lastFrame() ?? ''));
    app.stdin.write('jjj');
    await waitFor(() => selectedLine(app).includes(ids[5]!.slice(0, 13)));
    assert.ok(selectedLine(app).includes(ids[5]!.slice(0, 13)), selectedLine(app));
  });

  test('G and g jump to the last and first rows', async () => {
    const store = new FakeSnapshotStore(snapshotWith());
    const app = mount(store, WIDE);
    await settle();
    const ids = store.getSnapshot().executions.map((e) => e.id);
    await waitFor(() => focusActions(store).length === 1);
    app.stdin.write('G');
    await waitFor(() => focusActions(store).length === 2);
    app.stdin.write('g');
    await waitFor(() => focusActions(store).length === 3);
    assert.deepEqual(focusActions(store), [ids[0], ids[ids.length - 1], ids[0]]);
  });

  test('y copies the selected execution id through onCopy and says so on the status bar until the next key', async () => {
    const store = new FakeSnapshotStore(snapshotWith());
    const copied: string[] = [];
    const app = render(<App store={store} size={{ rows: 30, columns: 100 }} color={false} onCopy={(text) => copied.push(text)} />);
    await settle();
    const ids = store.getSnapshot().executions.map((e) => e.id);
    app.stdin.write('jy');
    await waitFor(() => copied.length === 1);
    assert.deepEqual(copied, [ids[1]]);
    await waitFor(() => (app.lastFrame() ?? '').split('\n')[0]!.includes(`copied ${ids[1]}`));
    app.stdin.write('k');
    await waitFor(() => !(app.lastFrame() ?? '').includes('copied '));
  });

  test('a query typed with its Enter in one write is kept; one that matches nothing keeps the title and says so', async () => {
    const store = new FakeSnapshotStore(snapshotWith());
    const app = mount(store);
    await settle();
    app.stdin.write('/status:paused\r');
    await waitFor(() => /Executions \(3 of 13\) 1\/3 · \/status:paused$/m.test(app.lastFrame() ?? ''));
    app.stdin.write('\u001b');
    await waitFor(() => /Executions \(13\)/.test(app.lastFrame() ?? ''));
    app.stdin.write('/nothing-like-this\r');
    await waitFor(() => /no execution in memory matches/.test(app.lastFrame() ?? ''));
    const lines = (app.lastFrame() ?? '').split('\n');
    assert.match(lines[1] ?? '', /Executions \(0 of 13\)/, 'the title keeps its line');
    assert.ok(lines.length <= 29);
  });

  test('the cursor keeps its row when the list reorders; with F it follows the execution', async () => {
    const store = new FakeSnapshotStore(snapshotWith());
    const app = mount(store);
    await settle();
    app.stdin.write('j');
    const s = store.getSnapshot();
    const second = s.executions[1]!;
    await waitFor(() => selectedLine(app).includes(second.id.slice(0, 13)));
    store.publish({ ...s, version: 2, executions: [summary({ id: execId(0xffe), status: 'running' }), ...s.executions] });
    await waitFor(() => (app.lastFrame() ?? '').includes('exec_00000ffe'));
    assert.ok(selectedLine(app).includes(s.executions[0]!.id.slice(0, 13)), 'the row stays, the execution under it changes');
    app.stdin.write('F');
    await waitFor(() => /following \(F\)/.test(app.lastFrame() ?? ''));
    const followed = s.executions[0]!;
    store.publish({ ...s, version: 3, executions: [summary({ id: execId(0xfff), status: 'running' }), summary({ id: execId(0xffe), status: 'running' }), ...s.executions] });
    await waitFor(() => (app.lastFrame() ?? '').includes('exec_00000fff'));
    assert.ok(selectedLine(app).includes(followed.id.slice(0, 13)), 'followed: the cursor moves with the execution');
  });

  test('Enter opens the execution full screen, Esc comes back to the list', async () => {
    const app = mount(new FakeSnapshotStore(snapshotWith()));
    await settle();
    const focusedTitle = () => (app.lastFrame() ?? '').split('\n').find((l) => l.startsWith('▶')) ?? '';
    assert.match(focusedTitle(), /Executions/);
    app.stdin.write(KEYS.enter);
    await waitFor(() => /Tree/.test(focusedTitle()));
    assert.doesNotMatch(app.lastFrame() ?? '', /EXECUTION\s+WORKFLOW/, 'the list is gone: the detail has the screen');
    app.stdin.write(KEYS.escape);
    await waitFor(() => /Executions/.test(focusedTitle()));
    assert.match(focusedTitle(), /Executions/);
  });

  test('j in the detail moves its cursor, not the execution selection', async () => {
    const store = new FakeSnapshotStore(snapshotWith());
    const app = mount(store);
    await settle();
    app.stdin.write(KEYS.enter);
    await waitFor(() => focusActions(store).length === 1);
    await waitFor(() => /^▶ Tree/m.test(app.lastFrame() ?? ''));
    app.stdin.write('j');
    await waitFor(() => /^› ├── node:search/m.test(app.lastFrame() ?? ''));
    await settle();
    assert.equal(focusActions(store).length, 1);
  });

  test('p dispatches pause, toggling from the snapshot', async () => {
    const store = new FakeSnapshotStore(snapshotWith());
    const app = mount(store);
    await settle();
    const pauses = () => store.actions.filter((a) => a.type === 'pause');
    app.stdin.write('p');
    await waitFor(() => pauses().length === 1);
    store.publish({ ...store.getSnapshot(), paused: true, version: 2 });
    await waitFor(() => /PAUSED/.test(app.lastFrame() ?? ''));
    assert.match(app.lastFrame() ?? '', /PAUSED/);
    app.stdin.write('p');
    await waitFor(() => pauses().length === 2);
    assert.deepEqual(store.actions.filter((a) => a.type === 'pause'), [{ type: 'pause', paused: true }, { type: 'pause', paused: false }]);
  });

  test('q and Ctrl-C dispatch quit and call onQuit', async () => {
    for (const key of ['q', KEYS.ctrlC]) {
      const store = new FakeSnapshotStore(snapshotWith());
      let quits = 0;
      const app = mount(store, undefined, () => quits++);
      await settle();
      app.stdin.write(key);
      await waitFor(() => quits > 0);
      assert.deepEqual(store.actions.at(-1), { type: 'quit' });
      assert.equal(quits, 1);
      app.unmount();
    }
  });

  test('? shows help generated from KEYMAP, and Esc closes it', async () => {
    const app = mount(new FakeSnapshotStore(snapshotWith()));
    await settle();
    app.stdin.write('?');
    await waitFor(() => /Help: keys/.test(app.lastFrame() ?? ''));
    for (const b of KEYMAP) assert.ok(app.lastFrame()?.includes(b.description), b.description);
    app.stdin.write(KEYS.escape);
    await waitFor(() => !/Help: keys/.test(app.lastFrame() ?? ''));
    assert.doesNotMatch(app.lastFrame() ?? '', /Help: keys/);
    assert.match(app.lastFrame() ?? '', /Executions/);
  });

  test('never renders more lines than the terminal has, with 300 executions', async () => {
    const store = new FakeSnapshotStore(snapshotWith({}, 300));
    const tiny = mount(store, { rows: 5, columns: 40 });
    await settle();
    assert.match(tiny.lastFrame() ?? '', /terminal too small \(40×5\)/);
    assert.ok((tiny.lastFrame() ?? '').split('\n').length <= 5);
    tiny.unmount();
    for (const size of [{ rows: 24, columns: 100 }, { rows: 24, columns: 200 }, { rows: 15, columns: 60 }]) {
      const app = mount(store, size);
      await settle();
      const lines = (app.lastFrame() ?? '').split('\n');
      assert.ok(lines.length <= size.rows, `${lines.length} lines at ${size.rows} rows`);
      const before = app.lastFrame();
      app.stdin.write('G');
      await waitFor(() => app.lastFrame() !== before);
      assert.notEqual(app.lastFrame(), before, 'G moved the selection');
      assert.ok((app.lastFrame() ?? '').split('\n').length <= size.rows);
      app.stdin.write('?');
      await waitFor(() => (app.lastFrame() ?? '').includes('Help'));
      assert.ok((app.lastFrame() ?? '').split('\n').length <= size.rows, 'help overlay fits');
      app.unmount();
    }
  });

  test('cuts every line to the terminal columns', async () => {
    for (const columns of [50, 100, 200]) {
      const app = mount(new FakeSnapshotStore(snapshotWith()), { rows: 30, columns });
      await settle();
      for (const line of (app.lastFrame() ?? '').split('\n')) assert.ok(displayWidth(line) <= columns, line);
      app.unmount();
    }
  });

  test('reads the size from stdout (24 rows when it has none) and follows resize', async () => {
    const store = new FakeSnapshotStore(snapshotWith({}, 300));
    const app = render(<App store={store} color={false} />);
    await settle();
    assert.equal((app.lastFrame() ?? '').split('\n').length, 23);
    Object.defineProperty(app.stdout, 'rows', { value: 12, configurable: true });
    app.stdout.emit('resize');
    await waitFor(() => (app.lastFrame() ?? '').includes('too small'));
    assert.ok((app.lastFrame() ?? '').split('\n').length <= 11);
    Object.defineProperty(app.stdout, 'rows', { value: 16, configurable: true });
    app.stdout.emit('resize');
    await waitFor(() => (app.lastFrame() ?? '').split('\n').length === 15);
    assert.match(app.lastFrame() ?? '', /Executions/);
    app.unmount();
    assert.equal(app.stdout.listenerCount('resize'), 0, 'resize listeners removed on unmount');
  });

  test('shows a node id containing an escape sequence escaped, never raw', async () => {
    const tree = focusTree();
    const evil = { ...tree, nodes: [node('x\u001b[2J', 'tool', [span({ nodeId: 'x\u001b[2J', status: 'running', startedAt: 0 })])] };
    const s = snapshotWith();
    const app = mount(new FakeSnapshotStore({ ...s, focus: evil, executions: [{ ...s.executions[0]!, currentNodes: ['x\u001b[2J'] }] }), WIDE);
    await settle();
    const frame = app.lastFrame() ?? '';
    assert.ok(!frame.includes('\u001b[2J'), 'raw escape sequence reached the terminal');
    assert.match(frame, /node:x\\x1b\[2J/);
    assert.match(frame, /approval: x\\x1b\[2J/);
  });

  test('follows published snapshots and unsubscribes on unmount', async () => {
    const store = new FakeSnapshotStore(snapshotWith());
    const app = mount(store);
    await settle();
    const s = store.getSnapshot();
    store.publish({ ...s, version: 2, sources: [{ ...s.sources[0]!, state: 'reconnecting' }] });
    await waitFor(() => /src reconnecting/.test(app.lastFrame() ?? ''));
    assert.match(app.lastFrame() ?? '', /src reconnecting/);
    app.unmount();
    assert.equal(store.listenerCount, 0);
  });
});
