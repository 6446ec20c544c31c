import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ALERTS_MAX_ROWS, ALERTS_MIN_HEIGHT, METRICS_MIN_ROWS, PANES_MIN_ROWS, METRICS_PANE_HEIGHT, SIDE_BY_SIDE_COLUMNS, STRIP_MAX_HEIGHT, STRIP_MIN_HEIGHT, computeLayout,
} from '../../source/view/layout.js';

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

describe('computeLayout: the strip and zoom', () => {
  const STRIP = ['queue', 'spend', 'sources'] as const;
  const used = (l: ReturnType<typeof computeLayout>) => 1 + l.metrics + l.alerts + l.executions.height + l.strip.height;

  test('a busy list leaves the strip its share on a tall terminal, every strip pane side by side from 120 columns', () => {
    const l = computeLayout(45, 140, { strip: [...STRIP], metrics: true, alerts: 1, executions: 500 });
    assert.ok(l.strip.height >= STRIP_MIN_HEIGHT && l.strip.height <= STRIP_MAX_HEIGHT, String(l.strip.height));
    assert.deepEqual(l.strip.panes.map((p) => p.pane), [...STRIP]);
    assert.ok(l.strip.panes.reduce((a, p) => a + p.width, 0) + 2 <= 140);
    assert.equal(used(l), l.height, 'every line used');
    assert.deepEqual(computeLayout(45, 100, { strip: [...STRIP], executions: 500 }).strip.panes.map((p) => p.pane), ['queue'], 'narrow: one at a time');
  });

  test('a short list (a narrow filter, a quiet runtime) gives the strip every line it cannot fill, even on a 30-line terminal', () => {
    for (const executions of [0, 3]) {
      const l = computeLayout(30, 120, { strip: [...STRIP], metrics: true, alerts: 1, executions });
      assert.equal(l.executions.height, Math.max(PANES_MIN_ROWS, executions + 3), `${executions} rows`);
      assert.equal(used(l), l.height, `every line used with ${executions} rows`);
    }
    const full = computeLayout(30, 120, { strip: [...STRIP], metrics: true, alerts: 1, executions: 500 });
    assert.equal(full.strip.height, 0, 'a list that fills the screen keeps it below STRIP_MIN_BODY');
  });

  test('a strip pane with the focus is shown even when the list could fill the screen', () => {
    const l = computeLayout(24, 80, { strip: [...STRIP], executions: 500, focus: 'spend' });
    assert.deepEqual(l.strip.panes.map((p) => p.pane), ['spend']);
    assert.ok(l.strip.height >= STRIP_MIN_HEIGHT);
    assert.equal(used(l), l.height);
  });

  test('zoom gives the focused pane the whole body', () => {
    const l = computeLayout(24, 80, { strip: [...STRIP], metrics: true, alerts: 2, executions: 50, focus: 'queue', zoom: true });
    assert.deepEqual(l.strip, { height: l.body, panes: [{ pane: 'queue', width: 80 }] });
    assert.equal(l.executions.height + l.metrics + l.alerts, 0);
    const list = computeLayout(24, 80, { strip: [...STRIP], metrics: true, executions: 50, zoom: true });
    assert.equal(list.executions.height, list.body);
    assert.equal(list.zoomed, 'executions');
  });
});

