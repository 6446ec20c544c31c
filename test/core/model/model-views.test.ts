import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ExecutionModel } from '../../../source/core/model/execution-model.js';
import { MAX_TREE_DEPTH } from '../../../source/core/model/model-views.js';
import { applyAll, completed, ev, execId, nodeStarted, run, scheduled, started, uuid, wfCompleted } from '../../helpers/model-events.js';

const usage = (tokens: number) => ({ gen_ai_model: 'gpt-4o', input_tokens: tokens, output_tokens: 0 });
const childStarted = (node: string, child: string) => ({ type: 'child_workflow_started', node_id: node, child_execution_id: child, child_workflow_id: 'sub' });

/** Execution n runs node `call` that starts execution n+1 (when `child`), and spends `tokens` itself. */
function level(n: number, tokens: number, child: number | undefined, childForm: 'exec' | 'uuid' = 'exec') {
  const steps: Array<[{ type: string; [k: string]: unknown }, number]> = [[started(`wf${n}`), n], [scheduled('call', 'general'), n], [nodeStarted('call'), n]];
  if (child !== undefined) steps.push([childStarted('call', childForm === 'exec' ? execId(child) : uuid(child)), n]);
  steps.push([completed('call', 1, usage(tokens)), n + 1], [wfCompleted(), n + 2]);
  return run(n, steps);
}

describe('rollups and nesting', () => {
  test('own totals, node totals with the child subtree, and global totals each count a token once', () => {
    const model = new ExecutionModel();
    applyAll(model, level(1, 100, 2, 'uuid'));
    applyAll(model, level(2, 10, 3));
    applyAll(model, level(3, 1, undefined));
    const tree = model.tree(execId(1));
    assert.equal(tree?.summary.totals.inputTokens, 100);
    assert.equal(tree?.summary.subtreeTotals.inputTokens, 111);
    assert.equal(tree?.nodes[0]?.totals.inputTokens, 111);
    assert.equal(tree?.nodes[0]?.child?.nodes[0]?.totals.inputTokens, 11);
    assert.equal(tree?.nodes[0]?.child?.nodes[0]?.child?.summary.id, execId(3));
    assert.equal(model.totals().inputTokens, 111);
    assert.equal(model.summaries().reduce((sum, s) => sum + s.totals.inputTokens, 0), 111);
  });

  test('a change in a child gives its ancestors fresh summaries and leaves the rest alone', () => {
    const model = new ExecutionModel();
    applyAll(model, run(1, [[started(), 0], [scheduled('call'), 1], [childStarted('call', execId(2)), 2]]));
    applyAll(model, run(2, [[started(), 3], [scheduled('m', 'model'), 4]]));
    applyAll(model, run(9, [[started(), 5]]));
    const before = new Map(model.summaries().map((s) => [s.id, s]));
    model.apply(ev(2, 3, completed('m', 1, usage(7)), 6), 's', 0);
    const after = new Map(model.summaries().map((s) => [s.id, s]));
    assert.notEqual(after.get(execId(1)), before.get(execId(1)));
    assert.equal(after.get(execId(1))?.subtreeTotals.inputTokens, 7);
    assert.equal(after.get(execId(9)), before.get(execId(9)));
  });

  test('tree() hands back the same frozen tree until something in it changes', () => {
    const model = new ExecutionModel();
    applyAll(model, level(1, 5, undefined));
    const a = model.tree(execId(1));
    assert.equal(model.tree(uuid(1)), a);
    assert.ok(a && Object.isFrozen(a) && Object.isFrozen(a.nodes) && Object.isFrozen(a.nodes[0]?.attempts[0]?.waits));
    model.apply(ev(1, 6, { type: 'policy_violation', node_id: 'call', rule: 'r', decision: 'blocked', policy_scope: 'node' }, 9), 's', 0);
    assert.notEqual(model.tree(execId(1)), a);
  });

  test('a cycle of child links and chains deeper than the limit stay bounded', () => {
    const model = new ExecutionModel();
    applyAll(model, level(1, 1, 2));
    applyAll(model, level(2, 1, 1));
    const tree = model.tree(execId(1));
    assert.equal(tree?.nodes[0]?.child?.summary.id, execId(2));
    assert.equal(tree?.nodes[0]?.child?.nodes[0]?.child, undefined);
    assert.equal(tree?.summary.subtreeTotals.inputTokens, 2);

    const deep = new ExecutionModel();
    for (let n = 1; n <= 20; n++) applyAll(deep, level(n, 1, n + 1));
    let depth = 0;
    for (let t = deep.tree(execId(1)); t !== undefined; t = t.nodes[0]?.child) depth++;
    assert.equal(depth, MAX_TREE_DEPTH);
    assert.equal(deep.tree(execId(1))?.summary.subtreeTotals.inputTokens, MAX_TREE_DEPTH + 1);
  });

  test('an execution reached twice (two parents in one subtree) counts once', () => {
    const model = new ExecutionModel();
    // 1 → 2 → 4 and 1 → 3 → 4: the store's recursive query sums 4 once too.
    applyAll(model, run(1, [[started(), 0], [scheduled('a'), 0], [childStarted('a', execId(2)), 0], [scheduled('b'), 0], [childStarted('b', execId(3)), 0], [completed('a', 1, usage(1000)), 1]]));
    applyAll(model, level(2, 100, 4));
    applyAll(model, level(3, 10, 4));
    applyAll(model, level(4, 1, undefined));
    assert.equal(model.tree(execId(1))?.summary.subtreeTotals.inputTokens, 1111);
  });

  // Found by the fuzz tests (model-fuzz.test.ts): the parent linked first kept its cached totals.
  test('a child linked from two parents refreshes both parents\' rows and trees when it spends', () => {
    const model = new ExecutionModel();
    applyAll(model, run(1, [[started('a'), 0], [childStarted('x', execId(3)), 1]]));
    applyAll(model, run(2, [[started('b'), 0], [childStarted('y', execId(3)), 1]]));
    assert.deepEqual(model.summaries().map((s) => s.subtreeTotals.inputTokens), [0, 0]);
    assert.equal(model.tree(execId(1))?.nodes[0]?.totals.inputTokens, 0);
    applyAll(model, run(3, [[started('c'), 2], [completed('call', 1, usage(7)), 3]]));
    const rows = new Map(model.summaries().map((s) => [s.id, s.subtreeTotals.inputTokens]));
    assert.deepEqual([rows.get(execId(1)), rows.get(execId(2)), rows.get(execId(3))], [7, 7, 7]);
    assert.equal(model.tree(execId(1))?.nodes[0]?.totals.inputTokens, 7);
  });

  // Found by the fuzz tests: its link to itself replaced its parent's, so, evicted and back, it had no parent.
  test('an execution naming itself as its child keeps its real parent, even after it is evicted and comes back', () => {
    const model = new ExecutionModel({ caps: { maxExecutions: 3 } });
    applyAll(model, run(1, [[started('a'), 0], [childStarted('x', execId(3)), 1]]));
    applyAll(model, run(3, [[childStarted('y', execId(3)), 2]]));
    model.apply(ev(1, 3, scheduled('z'), 3), 'test', 0);
    applyAll(model, run(4, [[started('d'), 4]]));
    // Execution 5 takes 3's room, then ends: 3 coming back takes 5's (finished ones go first), not its parent's.
    applyAll(model, run(5, [[started('e'), 5], [wfCompleted(), 5]]));
    assert.equal(model.tree(execId(3)), undefined, 'evicted for room');
    model.apply(ev(3, 2, completed('call', 1, usage(7)), 6), 'test', 0);
    assert.equal(model.tree(execId(3))?.summary.parentExecutionId, execId(1));
    assert.equal(model.summaries().find((s) => s.id === execId(1))?.subtreeTotals.inputTokens, 7);
  });
});
