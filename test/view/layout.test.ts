import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { METRICS_MIN_ROWS, METRICS_PANE_HEIGHT, SIDE_BY_SIDE_COLUMNS, computeLayout } from '../../source/view/layout.js';

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
        const l = computeLayout(rows, columns, { metrics: true });
        const panes = l.sideBySide ? l.executions.height : l.executions.height + l.tree.height;
        assert.ok(l.height <= Math.max(1, rows - 1), `rows ${rows}`);
        assert.ok(1 + l.metrics + panes <= l.height, `rows ${rows} columns ${columns}`);
        assert.ok(l.executions.height >= 0 && l.tree.height >= 0, `rows ${rows}`);
      }
    }
  });
});
