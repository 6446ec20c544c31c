import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FOLLOW_END, detailReducer, initialDetailState, isFolded, type DetailContext } from '../../source/view/detail-state.js';

/** A context over `rows` tree rows where every third row folds (folded when its key is in `folded`). */
function ctx(over: Partial<DetailContext> = {}, rows = 100, folded: ReadonlySet<string> = new Set()): DetailContext {
  return {
    rows: { tree: rows, events: 50, state: 8 },
    pageSize: 10,
    cursor: 0,
    keyAt: (i) => (i >= 0 && i < rows ? `r${i}` : undefined),
    foldAt: (i) => (i % 3 === 0 ? { key: `r${i}`, folded: folded.has(`r${i}`) } : undefined),
    ...over,
  };
}

describe('detailReducer', () => {
  test('moves the tree cursor by one, by a page, and to either end, within the rows', () => {
    let s = initialDetailState();
    s = detailReducer(s, 'down', ctx());
    assert.equal(s.cursor, 1);
    assert.equal(s.cursorKey, 'r1');
    s = detailReducer(s, 'pageDown', ctx({ cursor: 1 }));
    assert.equal(s.cursor, 11);
    assert.equal(s.scroll.tree, 2, 'the window moves just enough to show the cursor');
    s = detailReducer(s, 'up', ctx({ cursor: 11 }));
    assert.equal(s.scroll.tree, 2, 'and stays while the cursor is inside it');
    s = detailReducer(s, 'pageUp', ctx({ cursor: 10 }));
    assert.equal(s.cursor, 0);
    s = detailReducer(s, 'up', ctx({ cursor: 0 }));
    assert.equal(s.cursor, 0);
    s = detailReducer(s, 'top', ctx({ cursor: 40 }));
    assert.equal(s.cursor, 0);
    s = detailReducer(s, 'down', ctx({ cursor: 99 }));
    assert.equal(s.cursor, 99);
  });

  test('bottom follows the last row: no key, a cursor past the end', () => {
    const s = detailReducer({ ...initialDetailState(), cursorKey: 'r5', cursor: 5 }, 'bottom', ctx({ cursor: 5 }));
    assert.equal(s.cursor, FOLLOW_END);
    assert.equal(s.cursorKey, undefined);
  });

  test('cycles tabs both ways and jumps to a named one', () => {
    let s = initialDetailState();
    s = detailReducer(s, 'nextTab', ctx());
    assert.equal(s.tab, 'events');
    s = detailReducer(s, 'nextTab', ctx());
    s = detailReducer(s, 'nextTab', ctx());
    assert.equal(s.tab, 'tree');
    s = detailReducer(s, 'prevTab', ctx());
    assert.equal(s.tab, 'state');
    s = detailReducer(s, { tab: 'events' }, ctx());
    assert.equal(s.tab, 'events');
    assert.equal(detailReducer(s, { tab: 'events' }, ctx()), s);
  });

  test('scrolls the events and state tabs within their rows, each tab keeping its own place', () => {
    let s = detailReducer(initialDetailState(), { tab: 'events' }, ctx());
    s = detailReducer(s, 'pageDown', ctx());
    s = detailReducer(s, 'down', ctx());
    assert.equal(s.scroll.events, 11);
    s = detailReducer(s, 'bottom', ctx());
    assert.equal(s.scroll.events, FOLLOW_END);
    s = detailReducer(s, 'up', ctx());
    assert.equal(s.scroll.events, 39, 'from the last page (50 rows, 10 shown)');
    s = detailReducer(s, { tab: 'state' }, ctx());
    s = detailReducer(s, 'pageDown', ctx());
    assert.equal(s.scroll.state, 0, '8 rows fit in a page: nothing to scroll');
    assert.equal(s.scroll.events, 39);
    assert.equal(s.cursor, 0, 'the tree cursor is untouched');
  });

  test('toggles the fold under the cursor, and ignores a row that cannot fold', () => {
    let s = detailReducer(initialDetailState(), 'toggleFold', ctx({ cursor: 3 }));
    assert.equal(s.folds.get('r3'), true);
    assert.equal(s.cursorKey, 'r3');
    s = detailReducer(s, 'toggleFold', ctx({ cursor: 3 }, 100, new Set(['r3'])));
    assert.equal(s.folds.get('r3'), false);
    assert.equal(detailReducer(s, 'toggleFold', ctx({ cursor: 4 })), s);
    const onEvents = detailReducer(s, { tab: 'events' }, ctx());
    assert.equal(detailReducer(onEvents, 'toggleFold', ctx({ cursor: 3 })), onEvents);
  });

  test('expand all and collapse all override every default and clear folds made by hand', () => {
    const s = detailReducer(initialDetailState(), 'toggleFold', ctx({ cursor: 3 }));
    const open = detailReducer(s, 'expandAll', ctx());
    assert.equal(open.folds.size, 0);
    assert.equal(isFolded(open, 'r6', true), false);
    const shut = detailReducer(open, 'collapseAll', ctx());
    assert.equal(isFolded(shut, 'r6', false), true);
    assert.equal(isFolded(initialDetailState(), 'r6', true), true, 'by default a row keeps its own default');
  });

  test('does nothing to an empty tree', () => {
    const s = initialDetailState();
    assert.equal(detailReducer(s, 'down', ctx({}, 0)), s);
  });
});
