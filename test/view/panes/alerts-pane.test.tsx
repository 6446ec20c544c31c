import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, render } from 'ink-testing-library';
import { AlertsPane } from '../../../source/view/panes/alerts-pane.js';
import { displayWidth } from '../../../source/view/format/truncate.js';
import { NOW, alertsFixture } from '../../helpers/view-fixtures.js';
import { assertGoldenFrame } from '../../helpers/view-golden.js';

afterEach(() => cleanup());

describe('AlertsPane', () => {
  test('lists firing alerts, then pending, under a title with the counts, matching its golden frame', () => {
    const { lastFrame } = render(<AlertsPane alerts={alertsFixture()} selected={0} now={NOW} width={120} height={5} focused={false} color={false} />);
    const lines = (lastFrame() ?? '').split('\n');
    assert.equal(lines.length, 5);
    assert.match(lines[0] ?? '', /^ {2}Alerts: 2 firing, 1 pending · 6 rules/);
    assert.match(lines[1] ?? '', /^ {2}▲ ModelErrorRateHigh\s+firing 2m05s/);
    assert.match(lines[2] ?? '', /^ {2}▲ ExecutionStuck {5}firing 30\.0s\s+612k {2}workflow_id=research-agent severity=w… {2}research-agent has run for 10m12s$/);
    assert.match(lines[3] ?? '', /^ {2}△ QueueBacklog\s+pending 12\.0s/);
    for (const line of lines) assert.ok(displayWidth(line) <= 120, line);
    assertGoldenFrame('alerts-pane', lastFrame());
  });

  test('marks the selected alert only while the pane has the keys', () => {
    const focused = render(<AlertsPane alerts={alertsFixture()} selected={1} now={NOW} width={100} height={5} focused color={false} />);
    assert.match(focused.lastFrame() ?? '', /^▶ Alerts/);
    assert.match(focused.lastFrame() ?? '', /^› ▲ ExecutionStuck/m);
    const unfocused = render(<AlertsPane alerts={alertsFixture()} selected={1} now={NOW} width={100} height={5} focused={false} color={false} />);
    assert.doesNotMatch(unfocused.lastFrame() ?? '', /›/);
  });

  test('windows the list to its height, keeping the selected alert in view', () => {
    const many = alertsFixture({ alerts: Array.from({ length: 30 }, (_, i) => ({ name: `Alert${i}`, state: 'firing' as const, labels: {}, activeAt: NOW - 1_000, value: i })), firing: 30, pending: 0 });
    const { lastFrame } = render(<AlertsPane alerts={many} selected={25} now={NOW} width={80} height={4} focused color={false} />);
    const lines = (lastFrame() ?? '').split('\n');
    assert.equal(lines.length, 4);
    assert.match(lastFrame() ?? '', /^› ▲ Alert25 /m);
  });

  test('says how many rules are loaded when nothing is pending or firing', () => {
    const { lastFrame } = render(<AlertsPane alerts={alertsFixture({ alerts: [], firing: 0, pending: 0 })} selected={0} now={NOW} width={80} height={2} focused={false} color={false} />);
    assert.match(lastFrame() ?? '', /Alerts: 0 firing, 0 pending · 6 rules\n {2}no alerts firing or pending \(6 rules\)/);
  });

  test('says when no rules are loaded, and counts failing rules in the title', () => {
    const none = render(<AlertsPane alerts={alertsFixture({ alerts: [], firing: 0, pending: 0, rules: 0 })} selected={0} now={NOW} width={80} height={2} focused={false} color={false} />);
    assert.match(none.lastFrame() ?? '', /no alert rules loaded/);
    const failing = render(<AlertsPane alerts={alertsFixture({ alerts: [], firing: 0, pending: 0, rules: 1, rulesFailing: 1 })} selected={0} now={NOW} width={80} height={2} focused={false} color={false} />);
    assert.match(failing.lastFrame() ?? '', /Alerts: 0 firing, 0 pending · 1 rule · 1 rule failing/);
    const two = render(<AlertsPane alerts={alertsFixture({ rulesFailing: 2 })} selected={0} now={NOW} width={80} height={2} focused={false} color={false} />);
    assert.match(two.lastFrame() ?? '', /6 rules · 2 rules failing/);
  });
});
