import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, render } from 'ink-testing-library';
import { EventJournal, MAX_JOURNAL_EVENTS } from '../../../source/core/detail/event-journal.js';
import type { ExecutionTree, NodeStatsData } from '../../../source/core/snapshot/snapshot.js';
import { detailContext, detailWindow, MAX_STATE_LINES, stateLines, type DetailInput } from '../../../source/view/detail-content.js';
import { detailReducer, initialDetailState, type DetailAction, type DetailState } from '../../../source/view/detail-state.js';
import { DetailView } from '../../../source/view/panes/detail-view.js';
import { completed, ev, execId as modelExecId, nodeStarted, scheduled } from '../../helpers/model-events.js';
import { NOW, execId, focusTree, node, span, summary } from '../../helpers/view-fixtures.js';
import { assertGoldenFrame } from '../../helpers/view-golden.js';

afterEach(() => cleanup());

const STATS: NodeStatsData = {
  'research-agent': { search: { count: 40, p50: 400, p95: 700 }, draft: { count: 40, p50: 900, p95: 2_000 }, draft_more: { count: 40, p50: 1_000, p95: 2_500 } },
};

function frame(over: Partial<DetailInput> & { width?: number }): string {
  const props = { tree: focusTree(), now: NOW, height: 30, detail: initialDetailState(), ...over };
  const { lastFrame } = render(<DetailView {...props} width={over.width ?? 140} color={false} />);
  return lastFrame() ?? '';
}

/** Applies actions as the lead's key handler does: each with the context of what is on screen. */
function press(input: Omit<DetailInput, 'detail'>, detail: DetailState, ...actions: DetailAction[]): DetailState {
  return actions.reduce<DetailState>((d, a) => detailReducer(d, a, detailContext({ ...input, detail: d })), detail);
}

/** A failed execution whose `fetch` node was parked (429), backed off and retried four times. */
function failedTree(): ExecutionTree {
  const start = NOW - 30_000;
  const attempt = (n: number, over: Parameters<typeof span>[0]) => span({ id: `fetch#${n}`, attempt: n - 1, status: 'failed', retryable: true, error: 'HTTP 503', ...over });
  return {
    summary: summary({ id: execId(0xf1), workflowId: 'invoice-extract', status: 'failed', startedAt: start, endedAt: start + 20_000, durationMs: 20_000, error: 'fetch failed after 4 attempts' }),
    nodes: [
      node('load', 'tool', [span({ nodeId: 'load', startedAt: start, endedAt: start + 500, durationMs: 500 })]),
      node('fetch', 'tool', [
        attempt(1, { nodeId: 'fetch', startedAt: start + 600, endedAt: start + 900, durationMs: 300, waits: [{ kind: 'parked', since: start + 900, until: start + 3_900, detail: '429 rate limited' }] }),
        attempt(2, { nodeId: 'fetch', startedAt: start + 4_000, endedAt: start + 4_400, durationMs: 400, waits: [{ kind: 'retry', since: start + 4_400, until: start + 6_400 }] }),
        attempt(3, { nodeId: 'fetch', startedAt: start + 6_500, endedAt: start + 7_000, durationMs: 500 }),
        attempt(4, { nodeId: 'fetch', startedAt: start + 7_100, endedAt: start + 19_900, durationMs: 12_800, retryable: false, error: 'HTTP 500: giving up' }),
      ]),
    ],
  };
}

function journalOf(): EventJournal {
  const journal = new EventJournal();
  journal.events([
    ev(0xa1, 1, { type: 'workflow_started', workflow_id: 'research-agent', workflow_version: '2', initial_input: { topic: 'tides', __budget: { tokens: 9 } } }, 0),
    ev(0xa1, 2, scheduled('search'), 5),
    ev(0xa1, 3, nodeStarted('search'), 10),
    ev(0xa1, 4, completed('search', 823, { state_patch: { results: ['a', 'b'] } }), 833),
    ev(0xa1, 5, { type: 'tool_approval_required', node_id: 'publish', tool_name: 'cms.publish', approver: 'ops\u001b[2J', context: {} }, 50_000),
  ]);
  return journal;
}

describe('DetailView: tree tab', () => {
  test('a running execution: elapsed times, waits, own and subtree usage, the critical path and p95 marks', () => {
    const out = frame({ nodeStats: STATS });
    const lines = out.split('\n');
    assert.equal(lines.length, 30);
    assert.match(lines[0]!, /^\[1 tree\] {2}2 events {3}3 state {3}exec_000000a1… {2}◆ critical path/);
    assert.match(out, /◆ ├── node:search \(search\) \[tool\] 823ms ▲ slower than p95 700ms/);
    assert.match(out, /node:draft \(draft\) \[model\] 1\.1s · own 1\.3k tok \$0\.0145 · p95 2\.0s/);
    assert.match(out, /◆ ├── ▾ node:draft_more \(draft_more\) \[model\] 3\.2s ● running ▲ slower than p95 2\.5s/, 'a running node past its p95 is marked already');
    assert.match(out, /⏸ waiting for approval: cms\.publish \(10\.0s\)/);
    assert.match(out, / {3}└── node:notify \(notify\) \[tool\] queued 1\.5s/, 'queued: off the path');
    assertGoldenFrame('detail-tree-running', out);
  });

  test('a failed execution: a node with many attempts starts folded; unfolded, its parks, back-offs and errors show', () => {
    const input = { tree: failedTree(), now: NOW, height: 20 };
    const folded = frame({ ...input, width: 100 });
    assert.match(folded, /▸ node:fetch \(fetch\) \[tool\] 19\.3s ✖ failed \(4 attempts\)/);
    assert.doesNotMatch(folded, /attempt 1\/4/);
    assert.match(folded, /error: fetch failed after 4 attempts/);
    assertGoldenFrame('detail-tree-failed-folded', folded);
    const open = frame({ ...input, width: 100, detail: press(input, initialDetailState(), 'down', 'down', 'toggleFold') });
    assert.match(open, /attempt 1\/4 300ms ✖ failed/);
    assert.match(open, /parked: 429 rate limited \(waited 3\.0s\)/);
    assert.match(open, /retry back-off \(waited 2\.0s\)/);
    assert.match(open, /error: HTTP 500: giving up/);
    assertGoldenFrame('detail-tree-failed-retries', open);
  });

  test('a child workflow folds to one line under its parent node, and unfolds again', () => {
    const input = { tree: focusTree(), now: NOW, height: 30 };
    let detail = initialDetailState();
    const childRow = detailWindow({ ...input, detail }).rows.findIndex((r) => r.text.startsWith('execution exec_00c0ffee'));
    assert.ok(childRow > 0);
    detail = press(input, detail, ...Array<DetailAction>(childRow).fill('down'), 'toggleFold');
    const folded = frame({ ...input, detail });
    assert.match(folded, /› {2}│ {3}└── ▸ execution exec_00c0ffee\S+ deep_research \(10\.0s\) · own 2\.6k tok \$0\.0042 \(2 nodes folded\)/);
    assert.doesNotMatch(folded, /node:gather/);
    assertGoldenFrame('detail-tree-child-folded', folded);
    const unfolded = frame({ ...input, detail: press(input, detail, 'toggleFold') });
    assert.match(unfolded, /node:gather/);
  });

  test('collapse all leaves one line per node; expand all opens every one, the many-attempt node too', () => {
    const input = { tree: failedTree(), now: NOW, height: 20 };
    const shut = detailWindow({ ...input, detail: press(input, initialDetailState(), 'collapseAll') });
    assert.deepEqual(shut.rows.map((r) => r.text.split(' ')[0]), ['execution', 'node:load', 'node:fetch', 'error:']);
    const open = detailWindow({ ...input, detail: press(input, initialDetailState(), 'expandAll') });
    assert.ok(open.rows.some((r) => r.text.startsWith('attempt 4/4')));
  });

  test('the cursor stays on its row as a live tree grows above it', () => {
    const tree = focusTree();
    const input = { tree, now: NOW, height: 30 };
    const detail = press(input, initialDetailState(), 'down', 'down');
    const grown: ExecutionTree = { summary: tree.summary, nodes: [node('first', 'tool', [span({ nodeId: 'first' })]), ...tree.nodes] };
    const selected = detailWindow({ ...input, tree: grown, detail }).rows.find((r) => r.selected);
    assert.match(selected?.text ?? '', /^node:draft /);
  });

  test('narrow: every line is cut to the width', () => {
    const out = frame({ width: 60, height: 12, nodeStats: STATS });
    for (const line of out.split('\n')) assert.ok(line.length <= 60, line);
    assert.match(out.split('\n')[0]!, /^\[1 tree\] {2}2 events {3}3 state {3}exec_000000a1…$/, 'the legend drops first');
    assertGoldenFrame('detail-tree-narrow', out);
  });

  test('small height, following the tail: the last rows show, never more than the height', () => {
    const out = frame({ height: 6, detail: initialDetailState({ tail: true }) });
    const lines = out.split('\n');
    assert.equal(lines.length, 6);
    assert.match(lines[5]!, /^› {2}└── node:notify/);
    assertGoldenFrame('detail-tree-small', out);
  });

  test('a 5,000-node execution formats only the rows that fit', () => {
    const nodes = Array.from({ length: 5_000 }, (_, i) => node(`n${i}`, 'model', [span({
      nodeId: `n${i}`, kind: 'model', startedAt: NOW - 10_000 + i, endedAt: NOW - 9_000 + i, durationMs: 1_000, model: 'm', inputTokens: 1, outputTokens: 2,
    })]));
    const tree: ExecutionTree = { summary: summary({ id: execId(0xb16), status: 'running', startedAt: NOW - 10_000 }), nodes };
    const input = { tree, now: NOW, height: 25 };
    const ctx = detailContext({ ...input, detail: initialDetailState() });
    assert.ok(ctx.rows.tree > 5_000 * 3, 'every node has its model call and token lines');
    const detail = press(input, initialDetailState(), 'pageDown', 'pageDown', 'bottom');
    const win = detailWindow({ ...input, detail });
    assert.equal(win.rows.length, 24);
    assert.match(win.rows.at(-1)!.text, /output_tokens: 2/);
    const out = frame({ ...input, detail });
    assert.equal(out.split('\n').length, 25);
  });
});

describe('DetailView: events and state tabs', () => {
  const journal = journalOf().view(modelExecId(0xa1))!;

  test('the events tab shows inspect --events\' columns, wire text escaped', () => {
    const out = frame({ journal, detail: { ...initialDetailState(), tab: 'events' }, height: 10 });
    assert.match(out.split('\n')[0]!, /^ 1 tree {2}\[2 events 5\] {2}3 state/);
    assert.match(out, /SEQ\s+\+TIME\s+TYPE\s+NODE\s+SUMMARY/);
    assert.match(out, /4 {2}\+833ms\s+node_completed\s+search\s+completed in 823ms/);
    assert.ok(!out.includes("\u001b[2J"), "escape sequences off the wire are shown escaped");
    assert.match(out, /from ops\\x1b\[2J/);
    assertGoldenFrame('detail-events', out);
  });

  test('the events tab says how many events the ring dropped', () => {
    const big = new EventJournal();
    big.events(Array.from({ length: MAX_JOURNAL_EVENTS + 7 }, (_, i) => ev(1, i + 1, i ? scheduled(`n${i}`) : { type: 'workflow_started', workflow_id: 'w', workflow_version: '1', initial_input: {} }, i)));
    const out = frame({ journal: big.view(modelExecId(1))!, detail: { ...initialDetailState(), tab: 'events' }, height: 8 });
    assert.match(out, new RegExp(`\\[2 events ${MAX_JOURNAL_EVENTS}/${MAX_JOURNAL_EVENTS + 7}\\]`));
    assert.match(out, new RegExp(`last ${MAX_JOURNAL_EVENTS} of ${MAX_JOURNAL_EVENTS + 7} events`));
    assert.equal(out.split('\n').length, 8);
  });

  test('the state tab shows the folded state as JSON, __budget hidden', () => {
    const out = frame({ journal, detail: { ...initialDetailState(), tab: 'state' }, height: 12 });
    assert.match(out, /folded from initial_input and every state patch so far/);
    assert.match(out, /"topic": "tides"/);
    assert.doesNotMatch(out, /__budget/);
    assertGoldenFrame('detail-state', out);
  });

  test('without a journal both tabs say why there is nothing', () => {
    assert.match(frame({ detail: { ...initialDetailState(), tab: 'events' }, height: 5 }), /no events journaled for this execution/);
    assert.match(frame({ detail: { ...initialDetailState(), tab: 'state' }, height: 5 }), /no events journaled/);
  });

  test('a state past MAX_STATE_LINES is cut, with the rest counted', () => {
    const lines = stateLines(Array.from({ length: MAX_STATE_LINES + 10 }, (_, i) => i));
    assert.equal(lines.length, MAX_STATE_LINES);
    assert.equal(lines.at(-1), '… 13 more lines');
  });
});
