import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SIDE_BY_SIDE_COLUMNS, computeLayout } from '../../source/view/layout.js';

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
});
