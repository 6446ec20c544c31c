import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlertView } from '../../../source/core/snapshot/snapshot.js';
import { alertLabelsText, alertNameWidth, alertRow, alertSince, formatAlertValue } from '../../../source/view/format/alert-row.js';
import { displayWidth } from '../../../source/view/format/truncate.js';
import { NOW, alertsFixture } from '../../helpers/view-fixtures.js';

const [modelErrors, stuck, backlog] = alertsFixture().alerts as [AlertView, AlertView, AlertView];

describe('alertRow', () => {
  test('shows mark, name, state with since when, value, labels and summary in one line', () => {
    const row = alertRow(modelErrors, NOW, 140);
    assert.match(row.text, /^▲ ModelErrorRateHigh\s+firing 2m05s\s+0\.25 {2}model=claude-sonnet-4-6 severity=page\s+claude-sonnet-4-6 fails 25% of its calls$/);
    assert.equal(row.tone, 'error');
  });
  test('cuts the labels before the summary when both do not fit, keeping the labels\' share', () => {
    const row = alertRow(modelErrors, NOW, 120);
    assert.match(row.text, /model=claude-sonnet-4-6 severity… {2}claude-sonnet-4-6 fails 25% of its calls$/);
  });
  test('counts a firing alert from when it fired and a pending one from when it became active', () => {
    assert.equal(alertSince(stuck, NOW), 'firing 30.0s');
    assert.equal(alertSince(backlog, NOW), 'pending 12.0s');
    assert.equal(alertSince({ ...stuck, firedAt: undefined }, NOW), 'firing 1m30s');
    const row = alertRow(backlog, NOW, 100);
    assert.match(row.text, /^△ QueueBacklog\s+pending 12\.0s\s+42 {2}queue=default$/);
    assert.equal(row.tone, 'waiting');
  });
  test('puts the labels that filter executions first, then severity, then the rest by name', () => {
    assert.equal(alertLabelsText({ zone: 'eu', severity: 'page', status: 'failed', model: 'm', workflow_id: 'w', instance: 'i' }), 'workflow_id=w model=m status=failed severity=page instance=i zone=eu');
  });
  test('lines up the columns of a list under one name width', () => {
    const alerts = alertsFixture().alerts;
    const nameW = alertNameWidth(alerts);
    assert.equal(nameW, 'ModelErrorRateHigh'.length);
    const at = alerts.map((a) => alertRow(a, NOW, 140, nameW).text.search(/firing|pending/));
    assert.deepEqual(at, [at[0], at[0], at[0]]);
    assert.equal(alertNameWidth([{ ...alerts[0]!, name: 'N'.repeat(100) }]), 28);
  });
  test('prints values compactly', () => {
    assert.deepEqual([3, 0.125, 42.5, 0.12345, 612_000, 1.5e-7, NaN, Infinity, -Infinity].map(formatAlertValue), ['3', '0.125', '42.5', '0.123', '612k', '1.5e-7', 'NaN', '+Inf', '-Inf']);
  });
  test('escapes control characters in the name, labels and summary', () => {
    const row = alertRow({ ...modelErrors, name: 'A\u001b[2J', labels: { model: 'm\u009b' }, summary: 's\u202e' }, NOW, 200);
    assert.doesNotMatch(row.text, /[\u001b\u009b\u202e]/); // eslint-disable-line no-control-regex
    assert.match(row.text, /A\\x1b\[2J/);
    assert.match(row.text, /model=m\\x9b/);
    assert.match(row.text, /s\\u202e/);
  });
  test('fits any width, cutting with …', () => {
    for (const width of [0, 5, 20, 40, 80, 200]) {
      for (const alert of alertsFixture().alerts) {
        const { text } = alertRow({ ...alert, summary: 'x'.repeat(500), name: 'N'.repeat(300) }, NOW, width);
        assert.ok(displayWidth(text) <= width, `${width}: ${text}`);
      }
    }
    assert.match(alertRow(modelErrors, NOW, 40).text, /…$/);
  });
});
