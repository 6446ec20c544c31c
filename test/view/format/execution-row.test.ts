import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { executionAge, executionHeader, executionRow, shortExecutionId } from '../../../source/view/format/execution-row.js';
import { displayWidth } from '../../../source/view/format/truncate.js';
import { NOW, execId, summary } from '../../helpers/view-fixtures.js';

describe('executionRow', () => {
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
  test('shows glyph, id, workflow, age, nodes, tokens and cost in one line', () => {
    const row = executionRow(summary({
      id: execId(7), status: 'running', workflowId: 'research-agent', startedAt: NOW - 2100, currentNodes: ['draft'],
      subtreeTotals: { inputTokens: 1000, outputTokens: 234, costUsd: 0.0123, unpricedTokens: 0 },
    }), NOW, 100);
    assert.match(row.text, /^● exec_00000007… research-agent\s+2\.1s draft\s+1\.2k\s+\$0\.0123$/);
    assert.equal(row.tone, 'running');
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
