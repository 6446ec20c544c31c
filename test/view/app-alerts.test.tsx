import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, render } from 'ink-testing-library';
import { App } from '../../source/view/app.js';
import { displayWidth } from '../../source/view/format/truncate.js';
import { alertsFixture, snapshotWith, windowStatsFixture } from '../helpers/view-fixtures.js';
import { FakeSnapshotStore } from '../helpers/view-fake-store.js';
import { assertGoldenFrame, settle } from '../helpers/view-golden.js';

afterEach(() => cleanup());

function mount(store: FakeSnapshotStore, size = { rows: 24, columns: 80 }) {
  return render(<App store={store} size={size} color={false} />);
}

describe('App with alerts', () => {
  test('shows the alert counts in the header and the alerts pane above the executions, matching its golden frame', async () => {
    const app = mount(new FakeSnapshotStore(snapshotWith({ windows: windowStatsFixture(), alerts: alertsFixture() })));
    await settle();
    const lines = (app.lastFrame() ?? '').split('\n');
    assert.match(lines[0] ?? '', /▲ 2 firing/);
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
      for (const size of [{ rows: 24, columns: 80 }, { rows: 12, columns: 80 }, { rows: 6, columns: 40 }, { rows: 30, columns: 200 }]) {
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
});
