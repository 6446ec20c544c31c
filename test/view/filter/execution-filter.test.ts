import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFilter, filterFromLabels, filterIndicator, filterText, isEmptyFilter, matchesFilter } from '../../../source/view/filter/execution-filter.js';
import { execId, summary } from '../../helpers/view-fixtures.js';

const rows = [
  summary({ id: execId(1), status: 'running', workflowId: 'research-agent', models: ['gpt-4o', 'claude-haiku-4-5'], source: 'prod' }),
  summary({ id: execId(2), status: 'failed', workflowId: 'research-agent', models: ['claude-haiku-4-5'], source: 'prod' }),
  summary({ id: execId(3), status: 'failed', workflowId: 'support-triage', models: [], source: 'staging' }),
];
const ids = (list: readonly { id: string }[]) => list.map((e) => e.id);

describe('execution filter', () => {
  test('keeps the labels executions carry and ignores the rest', () => {
    assert.deepEqual(filterFromLabels({ workflow_id: 'w', model: 'm', status: 'failed', source: 's', severity: 'page', queue: 'q' }), { workflow_id: 'w', model: 'm', status: 'failed', source: 's' });
    assert.deepEqual(filterFromLabels({ severity: 'page' }), {});
    assert.equal(isEmptyFilter(filterFromLabels({ severity: 'page' })), true);
  });
  test('matches the workflow, one of the models called, the status and the source, all at once', () => {
    assert.deepEqual(ids(applyFilter(rows, { workflow_id: 'research-agent' })), [execId(1), execId(2)]);
    assert.deepEqual(ids(applyFilter(rows, { model: 'claude-haiku-4-5' })), [execId(1), execId(2)]);
    assert.deepEqual(ids(applyFilter(rows, { model: 'gpt-4o' })), [execId(1)]);
    assert.deepEqual(ids(applyFilter(rows, { status: 'failed' })), [execId(2), execId(3)]);
    assert.deepEqual(ids(applyFilter(rows, { source: 'staging' })), [execId(3)]);
    assert.deepEqual(ids(applyFilter(rows, { workflow_id: 'research-agent', status: 'failed', model: 'claude-haiku-4-5' })), [execId(2)]);
    assert.deepEqual(ids(applyFilter(rows, { workflow_id: 'nope' })), []);
    assert.equal(matchesFilter(rows[2]!, { model: 'gpt-4o' }), false);
  });
  test('returns the same rows for an empty filter', () => {
    assert.equal(applyFilter(rows, {}), rows);
  });
  test('spells the filter in label order with values escaped', () => {
    assert.equal(filterText({ model: 'm\u001b[2J', workflow_id: 'w' }), 'workflow_id=w model=m\\x1b[2J');
    assert.equal(filterText({}), '');
  });
  test('names the alert in the indicator, and says when none of its labels narrow the list', () => {
    assert.equal(filterIndicator('ExecutionStuck', { workflow_id: 'research-agent' }), 'ExecutionStuck: workflow_id=research-agent');
    assert.equal(filterIndicator('Queue\u001b', {}), 'Queue\\x1b: no label an execution carries (all shown)');
  });
});
