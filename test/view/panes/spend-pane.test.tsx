import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, render } from 'ink-testing-library';
import { SpendPane, type SpendPaneData } from '../../../source/view/panes/spend-pane.js';
import { displayWidth } from '../../../source/view/format/truncate.js';
import { assertGoldenFrame } from '../../helpers/view-golden.js';
import type { UsageRow } from '../../../source/core/snapshot/snapshot.js';

afterEach(() => cleanup());

const row = (name: string, inputTokens: number, outputTokens: number, costUsd: number, unpricedTokens = 0): UsageRow => ({ name, inputTokens, outputTokens, costUsd, unpricedTokens });

function busy(over: Partial<NonNullable<SpendPaneData['spend']>> = {}): SpendPaneData {
  const byModel = [row('gpt-4o', 120_000, 30_000, 1.2), row('claude-sonnet', 40_000, 9_000, 0.6), row('local-llama', 5_000, 1_000, 0, 6_000)];
  const byWorkflow = [row('research-agent', 150_000, 35_000, 1.5), row('support-bot', 15_000, 5_000, 0.3, 6_000)];
  const totals = { inputTokens: 165_000, outputTokens: 40_000, costUsd: 1.8, unpricedTokens: 6_000 };
  return {
    totals,
    spend: {
      usage: { byModel, byWorkflow }, totals, sampleMs: 5_000, historyMs: 600_000,
      costPerMin: Array.from({ length: 120 }, (_, i) => (i % 20) * 0.01), costPerHour: 4, projectedDayUsd: 96, budgetUsdPerHour: 5, ...over,
    },
  };
}

const frameOf = (data: SpendPaneData, width: number, height: number) => {
  const { lastFrame } = render(<SpendPane data={data} width={width} height={height} focused={false} color={false} />);
  const frame = lastFrame() ?? '';
  assert.ok(frame.split('\n').length <= height, `taller than ${height}`);
  for (const line of frame.split('\n')) assert.ok(displayWidth(line) <= width, `wider than ${width}: ${line}`);
  return frame;
};

describe('SpendPane', () => {
  test('shows spend against the budget, a day at this pace, the $/min graph and usage by model and workflow, matching its golden frame', () => {
    const frame = frameOf(busy(), 130, 18);
    assert.match(frame, /\$4\.00\/h \(budget \$5\.00\/h, 80%\) · day at this pace \$96\.00 · 6\.0k tokens unpriced/);
    assert.match(frame, /^gpt-4o\s+120k\s+30k {2}\$1\.20$/m);
    assert.match(frame, /^local-llama .* \$0\.00 \+ 6\.0k tok unpriced$/m);
    assert.match(frame, /└ now \$0\.1900 · \$\/min, 10m00s/);
    assertGoldenFrame('spend-pane-busy', frame);
  });

  test('says OVER BUDGET in words when the burn rate passes the budget', () => {
    assert.match(frameOf(busy({ costPerHour: 7.5, projectedDayUsd: 180 }), 120, 6), /OVER BUDGET \$7\.50\/h \(budget \$5\.00\/h, 150%\)/);
  });

  test('cuts each table to its rows and counts the rest, at a small height and a narrow width', () => {
    const frame = frameOf(busy(), 46, 7);
    assert.match(frame, /^MODEL .* COST {2}\(\+1 more\)$/m);
    assertGoldenFrame('spend-pane-small', frame);
    assertGoldenFrame('spend-pane-narrow', frameOf(busy(), 28, 12));
  });

  test('says there is no usage yet when empty, and without metrics shows the totals alone', () => {
    const empty = busy({ usage: { byModel: [], byWorkflow: [] }, costPerMin: [], costPerHour: 0, projectedDayUsd: 0, budgetUsdPerHour: undefined });
    const frame = frameOf({ ...empty, totals: { inputTokens: 0, outputTokens: 0, costUsd: 0, unpricedTokens: 0 } }, 60, 6);
    assert.match(frame, /no model usage yet/);
    assertGoldenFrame('spend-pane-empty', frame);
    assert.match(frameOf({ totals: busy().totals }, 60, 3), /metrics off/);
  });

  test('escapes model names that came off the wire', () => {
    const frame = frameOf(busy({ usage: { byModel: [row('m\u001b]0;pwn\u0007', 1, 1, 0.1)], byWorkflow: [] } }), 80, 10);
    assert.match(frame, /m\\x1b\]0;pwn\\x07/);
    assert.ok(!frame.includes('\u001b'));
  });
});
