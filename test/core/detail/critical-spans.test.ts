import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { criticalSpans } from '../../../source/core/detail/critical-spans.js';
import { NOW, childTree, execId, focusTree } from '../../helpers/view-fixtures.js';

describe('criticalSpans', () => {
  test('leads a live execution\'s path to the attempt still running, and through a child workflow on it', () => {
    const keys = criticalSpans(focusTree(), NOW);
    const root = execId(0xa1);
    const child = execId(0xc0ffee);
    for (const span of ['search#1', 'draft#1', 'fetch#1', 'fetch#2', 'evaluate#1', 'research#1', 'draft_more#1']) assert.ok(keys.has(`${root}/${span}`), span);
    assert.ok(!keys.has(`${root}/notify#1`), 'a queued node waits for the path, it is not on it');
    assert.ok(keys.has(`${child}/summarise#1`) && keys.has(`${child}/gather#1`));
  });

  test('leaves a child workflow unmarked when its parent node is off the path', () => {
    const tree = childTree();
    const keys = criticalSpans({ summary: tree.summary, nodes: [tree.nodes[0]!] }, NOW);
    assert.deepEqual([...keys], [`${tree.summary.id}/gather#1`]);
  });
});
