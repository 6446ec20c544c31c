import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ALERTS_MAX_ROWS, ALERTS_MIN_HEIGHT, METRICS_MIN_ROWS, PANES_MIN_ROWS, METRICS_PANE_HEIGHT, SIDE_BY_SIDE_COLUMNS, computeLayout } from '../../source/view/layout.js';

describe('computeLayout', () => {
  test('stacks panes on a narrow terminal and stays one line short of it', () => {
    const l = computeLayout(24, 80);
    assert.equal(l.sideBySide, false);
    assert.equal(l.height, 23);
    assert.equal(1 + l.executions.height + l.tree.height, l.height);
  });
  test('puts panes side by side on a wide terminal, within the columns', () => {
    const l = computeLayout(40, SIDE_BY_SIDE_COLUMNS);
    assert.equal(l.sideBySide, true);
    assert.equal(l.executions.width + 1 + l.tree.width, SIDE_BY_SIDE_COLUMNS);
    assert.equal(l.executions.height, l.height - 1);
  });
  test('never plans more lines than the terminal has, however small', () => {
    for (let rows = 1; rows < 10; rows++) {
      const l = computeLayout(rows, 50);
      assert.ok(l.height <= Math.max(1, rows - 1), `rows ${rows}`);
      assert.ok(1 + l.executions.height + l.tree.height <= l.height, `rows ${rows}`);
    }
  });
  test('gives the metrics pane its lines only when asked for and the terminal is tall enough', () => {
    assert.equal(computeLayout(24, 80).metrics, 0);
    assert.equal(computeLayout(24, 80, { metrics: true }).metrics, METRICS_PANE_HEIGHT);
    assert.equal(computeLayout(METRICS_MIN_ROWS, 80, { metrics: true }).metrics, METRICS_PANE_HEIGHT);
    assert.equal(computeLayout(METRICS_MIN_ROWS - 1, 80, { metrics: true }).metrics, 0);
  });
  test('with metrics, status bar, metrics and panes still fit one line short of the terminal', () => {
    for (const columns of [80, SIDE_BY_SIDE_COLUMNS]) {
      for (let rows = 1; rows <= 60; rows++) {
        for (const alerts of [undefined, 0, 3, 50]) {
          const l = computeLayout(rows, columns, { metrics: true, alerts });
          const panes = l.sideBySide ? l.executions.height : l.executions.height + l.tree.height;
          assert.ok(l.height <= Math.max(1, rows - 1), `rows ${rows}`);
          assert.ok(1 + l.metrics + l.alerts + panes <= l.height, `rows ${rows} columns ${columns} alerts ${alerts}`);
          assert.ok(l.executions.height >= 0 && l.tree.height >= 0 && l.alerts >= 0, `rows ${rows}`);
        }
      }
    }
  });
  test('gives the alerts pane a title and a line per alert up to its cap, or one line for its empty state', () => {
    assert.equal(computeLayout(24, 80).alerts, 0);
    assert.equal(computeLayout(24, 80, { alerts: 0 }).alerts, 2);
    assert.equal(computeLayout(24, 80, { alerts: 3 }).alerts, 4);
    assert.equal(computeLayout(40, 80, { alerts: 50 }).alerts, 1 + ALERTS_MAX_ROWS);
    const l = computeLayout(24, 80, { metrics: true, alerts: 3 });
    assert.equal(1 + l.metrics + l.alerts + l.executions.height + l.tree.height, l.height);
  });
  test('takes the alerts pane\'s lines only from what the executions and tree panes can spare', () => {
    for (let rows = 1; rows <= 20; rows++) {
      const l = computeLayout(rows, 80, { alerts: 50 });
      if (l.alerts > 0) assert.ok(l.executions.height + l.tree.height >= PANES_MIN_ROWS, `rows ${rows}`);
      assert.ok(l.alerts === 0 || l.alerts >= ALERTS_MIN_HEIGHT, `rows ${rows}: ${l.alerts}`);
    }
    assert.equal(computeLayout(8, 80, { alerts: 3 }).alerts, 0);
  });
});
