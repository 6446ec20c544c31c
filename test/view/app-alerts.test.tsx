import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, render } from 'ink-testing-library';
import { App } from '../../source/view/app.js';
import { displayWidth } from '../../source/view/format/truncate.js';
import { alertsFixture, snapshotWith, windowStatsFixture } from '../helpers/view-fixtures.js';
import { FakeSnapshotStore } from '../helpers/view-fake-store.js';
import { KEYS, assertGoldenFrame, settle, waitFor } from '../helpers/view-golden.js';

afterEach(() => cleanup());

function mount(store: FakeSnapshotStore, size = { rows: 24, columns: 80 }) {
  return render(<App store={store} size={size} color={false} />);
}

describe('App with alerts', () => {
  test('shows the alert counts in the header and the alerts pane above the executions, matching its golden frame', async () => {
    const app = mount(new FakeSnapshotStore(snapshotWith({ windows: windowStatsFixture(), alerts: alertsFixture() })));
    await settle();
    const lines = (app.lastFrame() ?? '').split('\n');
    assert.match(lines[0] ?? '', /▲ ?2( firing)?/);
    assert.match(lines[4] ?? '', /Alerts: 2 firing, 1 pending · 6 rules/);
    assert.match(lines[5] ?? '', /▲ ModelErrorRateHigh/);
    assert.match(lines[7] ?? '', /△ QueueBacklog/);
    assert.match(lines[8] ?? '', /Executions/);
    assertGoldenFrame('app-alerts-80x24', app.lastFrame());
  });

  test('shows no alerts pane when rules are not evaluated', async () => {
    const app = mount(new FakeSnapshotStore(snapshotWith()));
    await settle();
    assert.doesNotMatch(app.lastFrame() ?? '', /Alerts|firing|pending/);
  });

  test('never renders more lines than the terminal has with alerts shown, and cuts them to the columns', async () => {
    const many = alertsFixture({ alerts: Array.from({ length: 40 }, (_, i) => ({ name: `Alert${i}`, state: 'firing' as const, labels: { workflow_id: 'w' }, activeAt: 0, value: i })), firing: 40, pending: 0 });
    for (const alerts of [alertsFixture(), many, alertsFixture({ alerts: [], firing: 0, pending: 0 })]) {
      const store = new FakeSnapshotStore(snapshotWith({ windows: windowStatsFixture(), alerts }, 300));
      for (const size of [{ rows: 24, columns: 80 }, { rows: 15, columns: 60 }, { rows: 16, columns: 62 }, { rows: 30, columns: 200 }]) {
        const app = mount(store, size);
        await settle();
        const lines = (app.lastFrame() ?? '').split('\n');
        assert.equal(lines.length, size.rows - 1, `${lines.length} lines at ${size.rows} rows`);
        for (const line of lines) assert.ok(displayWidth(line) <= size.columns, line);
        assert.match(app.lastFrame() ?? '', /Executions/, `executions pane kept at ${size.rows} rows`);
        app.unmount();
      }
    }
  });

  test('a, ↓, Enter: the executions list shows the selected alert\'s executions under a filter indicator; Esc clears it', async () => {
    const store = new FakeSnapshotStore(snapshotWith({ alerts: alertsFixture() }));
    const app = mount(store, { rows: 30, columns: 120 });
    const frame = () => app.lastFrame() ?? '';
    const focusedTitle = () => frame().split('\n').find((l) => l.startsWith('▶')) ?? '';
    await waitFor(() => /Executions \(13\)/.test(frame()));
    app.stdin.write('a');
    await waitFor(() => /^▶ Alerts/.test(focusedTitle()));
    assert.match(frame(), /^› ▲ ModelErrorRateHigh/m);
    app.stdin.write(KEYS.down);
    await waitFor(() => /^› ▲ ExecutionStuck/m.test(frame()));
    app.stdin.write(KEYS.enter);
    await waitFor(() => /filter/.test(focusedTitle()));
    assert.match(focusedTitle(), /^▶ Executions \(4 of 13\) 1\/4 · filter, Esc clears · ExecutionStuck: workflow_id=research-agent/);
    const rows = frame().split('\n').filter((l) => /^[› ] \S exec_0000/.test(l));
    assert.equal(rows.length, 4);
    for (const row of rows) assert.match(row, /research-agent/);
    assert.doesNotMatch(frame(), /support-triage/);
    assert.match(rows[0]!, new RegExp(`^› . ${store.getSnapshot().executions[0]!.id.slice(0, 13)}…`), 'the first matching execution is selected');
    assertGoldenFrame('app-alerts-filtered-120x30', frame());
    app.stdin.write(KEYS.escape);
    await waitFor(() => /^▶ Executions \(13\)/.test(focusedTitle()));
    assert.doesNotMatch(frame(), /filter/);
    assert.match(frame(), /support-triage/);
  });

  test('filters by a model label through the models each execution called', async () => {
    const s = snapshotWith({ alerts: alertsFixture() });
    const executions = s.executions.map((e, i) => (i % 3 === 0 ? { ...e, models: ['claude-sonnet-4-6'] } : e));
    const app = mount(new FakeSnapshotStore({ ...s, executions }), { rows: 30, columns: 120 });
    app.stdin.write('a');
    await waitFor(() => /^› ▲ ModelErrorRateHigh/m.test(app.lastFrame() ?? ''));
    app.stdin.write(KEYS.enter);
    await waitFor(() => /filter, Esc clears/.test(app.lastFrame() ?? ''));
    assert.match(app.lastFrame() ?? '', /Executions \(5 of 13\) 1\/5 · filter, Esc clears · ModelErrorRateHigh: model=claude-sonnet-4-6/);
  });

  test('a does nothing without an alerts pane', async () => {
    const app = mount(new FakeSnapshotStore(snapshotWith()));
    await settle();
    app.stdin.write('a');
    app.stdin.write('j');
    await waitFor(() => /^› . exec_0000b000/m.test(app.lastFrame() ?? ''));
    assert.match((app.lastFrame() ?? '').split('\n').find((l) => l.startsWith('▶')) ?? '', /Executions/);
  });
});
