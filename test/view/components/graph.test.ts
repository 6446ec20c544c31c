import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { graphLines } from '../../../source/view/components/graph.js';
import { displayWidth } from '../../../source/view/format/truncate.js';

const fits = (lines: string[], width: number, height: number): void => {
  assert.ok(lines.length <= height, `${lines.length} lines for height ${height}`);
  for (const line of lines) assert.ok(displayWidth(line) <= width, `${JSON.stringify(line)} wider than ${width}`);
};

describe('graphLines', () => {
  test('draws a rising series over several rows, with max on top, min at the bottom and now under it', () => {
    const lines = graphLines([0, 1, 2, 3, 4, 5, 6, 7, 8], { width: 12, height: 3, span: '10m' });
    assert.deepEqual(lines, [
      '8┤      ▂▄▆█',
      '0┤ ▁▂▄▆█████',
      ' └ now 8 · …',
    ]);
  });

  test('fills exactly the height and never exceeds the width, whatever the sizes', () => {
    const values = Array.from({ length: 200 }, (_, i) => (i * 37) % 101);
    for (const [w, h] of [[1, 1], [3, 2], [10, 1], [40, 6], [80, 12], [5, 30]] as const) {
      const lines = graphLines(values, { width: w, height: h, format: (n) => `$${n.toFixed(2)}`, span: '10m' });
      assert.equal(lines.length, h, `${w}x${h}`);
      fits(lines, w, h);
    }
  });

  test('shows the newest values at the right edge when there are more than columns', () => {
    // 100 has scrolled out of view, so the scale is the visible values'.
    const lines = graphLines([100, 0, 0, 0, 8], { width: 6, height: 2 });
    assert.deepEqual(lines, ['8┤▁▁▁█', ' └ no…']);
  });

  test('draws an idle series as a flat line and gaps as blanks', () => {
    const lines = graphLines([0, 0, NaN, 0], { width: 8, height: 3 });
    assert.equal(lines[1], '0┤  ▁▁ ▁');
    assert.equal(lines[0], '0┤', 'the top of an idle series reads its real max');
  });

  test('reads without colour: a one-line graph is a sparkline with the value now', () => {
    assert.deepEqual(graphLines([1, 2, 4], { width: 20, height: 1 }), ['▂▄█ now 4']);
    assert.deepEqual(graphLines([], { width: 20, height: 1 }), ['now —']);
  });

  test('scales below zero when a value is negative', () => {
    const lines = graphLines([-4, 4], { width: 10, height: 3 });
    assert.equal(lines[0], ' 4┤      █');
    assert.equal(lines[1], '-4┤     ▁█');
  });

  test('draws nothing with no room', () => {
    assert.deepEqual(graphLines([1], { width: 0, height: 3 }), []);
    assert.deepEqual(graphLines([1], { width: 10, height: 0 }), []);
  });
});
