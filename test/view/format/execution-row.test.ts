import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { executionAge, executionHeader, executionRow, shortExecutionId, treeUsage } from '../../../source/view/format/execution-row.js';
import { displayWidth } from '../../../source/view/format/truncate.js';
import { NOW, childTree, execId, focusTree, summary } from '../../helpers/view-fixtures.js';

describe('executionRow', () => {
  test('at 60 columns the start time makes way, and tokens and cost stay whole', () => {
    const header = executionHeader(58);
    assert.match(header, /DURATION .* TOKENS +COST$/);
    assert.doesNotMatch(header, /STARTED/);
    assert.match(executionHeader(78), /STARTED/);
  });
  test('shortens ids to exec_ and the first 8 hex digits', () => {
    assert.equal(shortExecutionId(execId(0xabc)), 'exec_00000abc…');
  });
  test('prints the whole id when asked, under a header as wide', () => {
    const row = executionRow(summary({ id: execId(0xabc), status: 'completed' }), NOW, 100, { fullIds: true });
    assert.ok(row.text.startsWith(`✔ ${execId(0xabc)} `), row.text);
    assert.equal(executionHeader(100, { fullIds: true }).indexOf('WORKFLOW'), row.text.indexOf(execId(0xabc)) + execId(0xabc).length + 1);
  });
  test('gives running executions their age and finished ones their duration', () => {
    assert.equal(executionAge(summary({ id: execId(1), status: 'running', startedAt: NOW - 4000 }), NOW), 4000);
    assert.equal(executionAge(summary({ id: execId(1), status: 'completed', startedAt: NOW - 9000, durationMs: 1500 }), NOW), 1500);
  });
  test('shows glyph, id, workflow, start time, duration, current node with its elapsed time, tokens and cost in one line', () => {
    const row = executionRow(summary({
      id: execId(7), status: 'running', workflowId: 'research-agent', startedAt: NOW - 2100, currentNodes: ['draft', 'plan'], currentSince: NOW - 800,
      subtreeTotals: { inputTokens: 1000, outputTokens: 234, costUsd: 0.0123, unpricedTokens: 0 },
    }), NOW, 110);
    const started = new Date(NOW - 2100).toISOString().slice(11, 19);
    assert.match(row.text, new RegExp(`^● exec_00000007… research-agent\\s+${started}\\s+2\\.1s draft 800ms \\+1\\s+1\\.2k\\s+\\$0\\.0123$`));
    assert.ok(executionHeader(110).includes('STARTED') && executionHeader(110).includes('DURATION'));
    assert.equal(row.tone, 'running');
  });
  test('marks a stale execution with ◌, freezes its age at the last event seen and says how long ago that was', () => {
    const stale = summary({
      id: execId(7), status: 'running', stale: true, lastSeenAt: NOW - 65_000, workflowId: 'research-agent', startedAt: NOW - 70_000, currentNodes: ['draft'],
    });
    assert.equal(executionAge(stale, NOW), 5_000);
    assert.equal(executionAge(stale, NOW + 60_000), 5_000, 'the age does not grow');
    const row = executionRow(stale, NOW, 100);
    assert.match(row.text, /^◌ exec_00000007… research-agent\s+\d\d:\d\d:\d\d\s+5\.0s stale, seen 1m05s ago · draft\s+—\s+—$/);
    assert.equal(row.tone, 'muted');
    assert.doesNotMatch(row.text, /●/);
  });
  test('escapes control characters in workflow and node names', () => {
    const row = executionRow(summary({ id: execId(7), status: 'running', workflowId: 'w\u001b[2J', currentNodes: ['n\u009b'] }), NOW, 100);
    assert.match(row.text, /w\\x1b\[2J/);
    assert.match(row.text, /n\\x9b/);
  });
  test('fits header and rows into narrow widths', () => {
    for (const width of [10, 40, 60, 200]) {
      assert.ok(displayWidth(executionHeader(width)) <= width);
      assert.ok(displayWidth(executionRow(summary({ id: execId(1), status: 'failed', error: 'x'.repeat(300) }), NOW, width).text) <= width);
    }
  });
  test('counts child workflows in tokens and cost, and marks a child\'s own row', () => {
    const parent = executionRow(summary({
      id: execId(7), status: 'completed', workflowId: 'report', durationMs: 10,
      totals: { inputTokens: 100, outputTokens: 0, costUsd: 0.001, unpricedTokens: 0 },
      subtreeTotals: { inputTokens: 3000, outputTokens: 0, costUsd: 0.0123, unpricedTokens: 0 },
    }), NOW, 100);
    assert.match(parent.text, /report\s.*\s3\.0k\s+\$0\.0123$/);
    const child = executionRow(summary({ id: execId(8), status: 'completed', workflowId: 'deep_research', parentExecutionId: execId(7) }), NOW, 100);
    assert.match(child.text, /exec_00000008… ↳ deep_research /);
  });
});

describe('treeUsage', () => {
  test('shows totals with the own share and the children\'s apart when the execution started children', () => {
    assert.equal(treeUsage(focusTree()), '3.9k tok $0.0187 (own 1.3k $0.0145, children 2.6k $0.0042)');
  });
  test('shows plain totals without children, and nothing without usage', () => {
    assert.equal(treeUsage(childTree()), '2.6k tok $0.0042');
    const idle = focusTree();
    assert.equal(treeUsage({ ...idle, summary: summary({ id: execId(1), status: 'running' }) }), '');
    const unpriced = { inputTokens: 10, outputTokens: 0, costUsd: 0, unpricedTokens: 10 };
    assert.equal(treeUsage({ nodes: [], summary: summary({ id: execId(1), status: 'running', totals: unpriced, subtreeTotals: unpriced }) }), '10 tok unpriced');
  });
});
