import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ExecutionTree } from '../../../source/core/model/types.js';
import { MAX_TRACE_DEPTH, MAX_TRACE_TEXT, traceLines, traceLinesToText } from '../../../source/view/format/trace-lines.js';
import { displayWidth } from '../../../source/view/format/truncate.js';
import { NOW, execId, focusTree, node, span, summary } from '../../helpers/view-fixtures.js';

const text = (tree: ExecutionTree, now = NOW): string => traceLinesToText(traceLines(tree, { now }), { color: false });

describe('traceLines', () => {
  test('renders the docs trace format for a completed execution', () => {
    const start = NOW - 5000;
    const tree: ExecutionTree = {
      summary: summary({ id: execId(1), workflowId: 'research-agent', status: 'completed', startedAt: start, durationMs: 2100 }),
      nodes: [
        node('search', 'tool', [span({ nodeId: 'search', durationMs: 823 })]),
        node('draft', 'model', [span({ nodeId: 'draft', kind: 'model', durationMs: 1100, model: 'claude-sonnet-4-6', inputTokens: 412, outputTokens: 891, costUsd: 0.0145, costSource: 'event' })]),
        node('evaluate', 'eval', [span({ nodeId: 'evaluate', kind: 'eval', durationMs: 180, score: 4.7 })]),
      ],
    };
    assert.equal(text(tree), [
      `execution ${execId(1)} research-agent (2.1s)`,
      '├── node:search (search) [tool] 823ms',
      '├── node:draft (draft) [model] 1.1s',
      '│   └── model.call claude-sonnet-4-6',
      '│       ├── input_tokens: 412',
      '│       ├── output_tokens: 891',
      '│       └── cost: $0.0145',
      '└── node:evaluate (evaluate) [eval] 180ms',
      '    └── score: 4.7',
    ].join('\n'));
  });

  test('shows each attempt of a retried node on its own line with its status and error', () => {
    const out = text(focusTree());
    assert.match(out, /├── node:fetch \(fetch\) \[tool\] 1\.2s\n│ {3}├── attempt 1\/2 412ms ✖ failed\n│ {3}│ {3}└── error: HTTP 503 from upstream \(retryable\)\n│ {3}└── attempt 2\/2 300ms\n/);
  });

  test('shows an open approval wait with how long it has waited', () => {
    assert.match(text(focusTree()), /node:publish \(publish\) \[tool\] 11\.0s ⏸ waiting\n│ {3}└── ⏸ waiting for approval: cms\.publish \(10\.0s\)/);
  });

  test('shows who approved a decided wait', () => {
    const tree: ExecutionTree = {
      summary: summary({ id: execId(2), status: 'completed' }),
      nodes: [node('publish', 'tool', [span({ nodeId: 'publish', waits: [{ kind: 'approval', since: NOW - 130_000, until: NOW - 100, detail: 'cms.publish', decision: 'approved', by: 'alice' }] })])],
    };
    assert.match(text(tree), /└── approved by alice: cms\.publish \(waited 2m10s\)$/);
  });

  test('shows running nodes with time elapsed since they started', () => {
    const lines = traceLines(focusTree(), { now: NOW });
    const running = lines.find((l) => l.text.startsWith('node:draft_more'));
    assert.equal(running?.text, 'node:draft_more (draft_more) [model] 3.2s ● running');
    assert.equal(running?.tone, 'running');
    const later = traceLines(focusTree(), { now: NOW + 2000 }).find((l) => l.text.startsWith('node:draft_more'));
    assert.equal(later?.text, 'node:draft_more (draft_more) [model] 5.2s ● running');
  });

  test('marks a stale execution and stops its clocks (and its running nodes\') at the last event seen', () => {
    const live = focusTree();
    const tree: ExecutionTree = { ...live, summary: { ...live.summary, stale: true, lastSeenAt: NOW - 1_000 } };
    const lines = traceLines(tree, { now: NOW + 600_000 });
    assert.equal(lines[0]?.text, 'execution exec_000000a10123456789abcdef01234567 research-agent (59.0s) ◌ stale: paused when last seen 2026-03-07 09:30:59 UTC');
    assert.equal(lines[0]?.tone, 'muted');
    assert.equal(lines.find((l) => l.text.startsWith('node:draft_more'))?.text, 'node:draft_more (draft_more) [model] 2.2s ● running');
    assert.match(text(tree, NOW + 600_000), /└── node:notify \(notify\) \[tool\] queued 500ms$/);
  });

  test('shows queued nodes with how long they have been queued', () => {
    assert.match(text(focusTree()), /└── node:notify \(notify\) \[tool\] queued 1\.5s$/);
  });

  test('nests a child workflow under its node, with the child nodes below it', () => {
    assert.match(text(focusTree()), /├── node:research \(research\) \[agent_tool\] 11\.1s\n│ {3}└── execution exec_00c0ffee\w+ deep_research \(10\.0s\)\n│ {7}├── node:gather/);
  });

  test('marks unpriced and estimated costs', () => {
    const tree: ExecutionTree = {
      summary: summary({ id: execId(3), status: 'completed' }),
      nodes: [
        node('a', 'model', [span({ nodeId: 'a', model: 'mystery-1', inputTokens: 1, outputTokens: 2, costSource: 'unpriced' })]),
        node('b', 'model', [span({ nodeId: 'b', model: 'haiku', costUsd: 0.5, costSource: 'estimated' })]),
      ],
    };
    const out = text(tree);
    assert.match(out, /cost: unpriced/);
    assert.match(out, /cost: \$0\.5000 \(estimated\)/);
  });

  test('puts failed nodes and the execution error in error tone, sanitised', () => {
    const tree: ExecutionTree = {
      summary: summary({ id: execId(4), status: 'failed', durationMs: 900, error: 'boom\u001b[2J' }),
      nodes: [node('x', 'tool', [span({ nodeId: 'x', status: 'failed', durationMs: 900, error: 'bad\r\nthing' })])],
    };
    const lines = traceLines(tree, { now: NOW });
    assert.deepEqual(lines.map((l) => [l.prefix + l.text, l.tone]), [
      [`execution ${execId(4)} (900ms) ✖ failed`, 'error'],
      ['├── node:x (x) [tool] 900ms ✖ failed', 'error'],
      ['│   └── error: bad\\r\\nthing', 'error'],
      ['└── error: boom\\x1b[2J', 'error'],
    ]);
  });

  test('escapes control characters in node ids, kinds and models', () => {
    const tree: ExecutionTree = {
      summary: summary({ id: execId(5), status: 'completed', workflowId: 'wf\u202e' }),
      nodes: [node('evil\u001b[2J', 'k\u0007', [span({ nodeId: 'evil\u001b[2J', model: 'm\u009b' })])],
    };
    const out = text(tree);
    assert.doesNotMatch(out, /[\u001b\u0007\u009b\u202e]/); // eslint-disable-line no-control-regex
    assert.match(out, /node:evil\\x1b\[2J \(evil\\x1b\[2J\) \[k\\x07\]/);
    assert.match(out, /model\.call m\\x9b/);
  });

  test(`cuts wire text to MAX_TRACE_TEXT (${MAX_TRACE_TEXT}) characters even without a width`, () => {
    const tree: ExecutionTree = {
      summary: summary({ id: execId(6), status: 'failed' }),
      nodes: [node('x', 'tool', [span({ nodeId: 'x', status: 'failed', error: 'e'.repeat(MAX_TRACE_TEXT * 4) })])],
    };
    const errorLine = traceLines(tree, { now: NOW }).find((l) => l.text.startsWith('error:'));
    assert.equal(errorLine?.text.length, 'error: '.length + MAX_TRACE_TEXT);
    assert.ok(errorLine?.text.endsWith('…'));
  });

  test('cuts every line to the width, counting the prefix', () => {
    for (const line of traceLines(focusTree(), { now: NOW, width: 30 })) {
      assert.ok(displayWidth(line.prefix + line.text) <= 30, line.prefix + line.text);
    }
  });

  test(`elides child executions nested deeper than MAX_TRACE_DEPTH (${MAX_TRACE_DEPTH})`, () => {
    let tree: ExecutionTree = { summary: summary({ id: execId(100), status: 'completed' }), nodes: [] };
    for (let i = 0; i < MAX_TRACE_DEPTH + 3; i++) {
      tree = { summary: summary({ id: execId(i), status: 'completed' }), nodes: [node('n', 'tool', [span({ nodeId: 'n' })], tree)] };
    }
    const out = text(tree);
    assert.equal(out.match(/^\W*execution /gm)?.length, MAX_TRACE_DEPTH + 1);
    assert.match(out, /… deeper executions not shown/);
  });
});

describe('traceLinesToText', () => {
  const lines = [{ prefix: '', text: 'root' }, { prefix: '└── ', text: 'bad', tone: 'error' as const }];
  test('emits no escape codes without colour', () => {
    assert.equal(traceLinesToText(lines, { color: false }), 'root\n└── bad');
  });
  test('colours toned text with ANSI when asked, leaving the prefix plain', () => {
    assert.equal(traceLinesToText(lines, { color: true }), 'root\n└── \u001b[31mbad\u001b[39m');
  });
});
