import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { newNodeState } from '../../../source/core/model/model-state.js';
import { NODE_SCAN_MAX, NodeTable } from '../../../source/core/model/node-table.js';

describe('NodeTable', () => {
  for (const count of [3, NODE_SCAN_MAX + 40]) {
    test(`finds each of ${count} nodes by id, keeps first-seen order and misses an id it does not hold`, () => {
      const table = new NodeTable();
      const nodes = Array.from({ length: count }, (_, i) => newNodeState(`node-${i}`));
      for (const node of nodes) table.set(node.nodeId, node);
      assert.equal(table.size, count);
      // A fresh string with the same text, as JSON.parse hands out for every event.
      for (const node of nodes) assert.equal(table.get(`node-${node.nodeId.slice(5)}`), node);
      assert.equal(table.get('node-x'), undefined);
      assert.deepEqual([...table.values()], nodes);
    });
  }

  test('replaces the node held under an id in place, below and above the scan limit', () => {
    for (const count of [2, NODE_SCAN_MAX + 5]) {
      const table = new NodeTable();
      for (let i = 0; i < count; i++) table.set(`n${i}`, newNodeState(`n${i}`));
      const again = newNodeState('n1');
      table.set('n1', again);
      assert.equal(table.size, count);
      assert.equal(table.get('n1'), again);
      assert.equal(table.values()[1], again);
    }
  });

  test('clear forgets every node, the index included', () => {
    const table = new NodeTable();
    for (let i = 0; i < NODE_SCAN_MAX + 1; i++) table.set(`n${i}`, newNodeState(`n${i}`));
    table.clear();
    assert.equal(table.size, 0);
    assert.equal(table.get('n0'), undefined);
    table.set('n0', newNodeState('n0'));
    assert.deepEqual(table.values().map((n) => n.nodeId), ['n0']);
  });
});
