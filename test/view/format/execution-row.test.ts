import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { executionAge, executionHeader, executionRow, shortExecutionId } from '../../../source/view/format/execution-row.js';
import { displayWidth } from '../../../source/view/format/truncate.js';
import { NOW, execId, summary } from '../../helpers/view-fixtures.js';

describe('executionRow', () => {
  test('shortens ids to exec_ and the first 8 hex digits', () => {
    assert.equal(shortExecutionId(execId(0xabc)), 'exec_00000abc…');
  });
  test('gives running executions their age and finished ones their duration', () => {
    assert.equal(executionAge(summary({ id: execId(1), status: 'running', startedAt: NOW - 4000 }), NOW), 4000);
    assert.equal(executionAge(summary({ id: execId(1), status: 'completed', startedAt: NOW - 9000, durationMs: 1500 }), NOW), 1500);
  });
  test('shows glyph, id, workflow, age, nodes, tokens and cost in one line', () => {
    const row = executionRow(summary({
      id: execId(7), status: 'running', workflowId: 'research-agent', startedAt: NOW - 2100, currentNodes: ['draft'],
      subtreeTotals: { inputTokens: 1000, outputTokens: 234, costUsd: 0.0123, unpricedTokens: 0 },
    }), NOW, 100);
    assert.match(row.text, /^● exec_00000007… research-agent\s+2\.1s draft\s+1\.2k\s+\$0\.0123$/);
    assert.equal(row.tone, 'running');
  });
  test('marks a stale execution with ◌, freezes its age at the last event seen and says how long ago that was', () => {
    const stale = summary({
      id: execId(7), status: 'running', stale: true, lastSeenAt: NOW - 65_000, workflowId: 'research-agent', startedAt: NOW - 70_000, currentNodes: ['draft'],
    });
    assert.equal(executionAge(stale, NOW), 5_000);
    assert.equal(executionAge(stale, NOW + 60_000), 5_000, 'the age does not grow');
    const row = executionRow(stale, NOW, 100);
    assert.match(row.text, /^◌ exec_00000007… research-agent\s+5\.0s stale, seen 1m05s ago · draft\s+—\s+—$/);
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
});
