import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, render } from 'ink-testing-library';
import { traceLines } from '../../../source/view/format/trace-lines.js';
import { listRows } from '../../../source/view/filter/execution-order.js';
import { isFault } from '../../../source/view/filter/execution-query.js';
import { displayWidth } from '../../../source/view/format/truncate.js';
import { ExecutionsPane } from '../../../source/view/panes/executions-pane.js';
import { HelpOverlay, helpLines, legendLines } from '../../../source/view/panes/help-overlay.js';
import { StatusBar } from '../../../source/view/panes/status-bar.js';
import { TreePane } from '../../../source/view/panes/tree-pane.js';
import { KEYMAP } from '../../../source/view/keymap.js';
import { NOW, execId, focusTree, snapshotWith, summary } from '../../helpers/view-fixtures.js';
import { assertGoldenFrame } from '../../helpers/view-golden.js';

afterEach(() => cleanup());

describe('panes', () => {
  test('status bar renders one line matching its golden frame', () => {
    const { lastFrame } = render(<StatusBar snapshot={snapshotWith({ paused: true })} width={100} color={false} />);
    assert.equal(lastFrame()?.split('\n').length, 1);
    assertGoldenFrame('status-bar-paused', lastFrame());
  });

  test('executions pane shows every status with its glyph and marks the selected row', () => {
    const s = snapshotWith();
    const { lastFrame } = render(<ExecutionsPane rows={listRows(s.executions, false)} count={s.executions.length} position={2} selected={2} now={NOW} width={100} height={16} focused color={false} />);
    const frame = lastFrame() ?? '';
    for (const glyph of ['●', '⏸', '✔', '✖', '⊘', '⧖']) assert.ok(frame.includes(glyph), glyph);
    assert.match(frame.split('\n')[4] ?? '', /^› ⏸ exec_0000b001…/);
    assertGoldenFrame('executions-pane', frame);
  });

  test('executions pane marks stale executions with ◌ and their age frozen at the last event seen', () => {
    const stale = [
      summary({ id: execId(0xd1), workflowId: 'support-triage', status: 'running', stale: true, startedAt: NOW - 300_000, lastSeenAt: NOW - 240_000, currentNodes: ['tag'] }),
      summary({ id: execId(0xd2), workflowId: 'research-agent', status: 'paused', stale: true, startedAt: NOW - 200_000, lastSeenAt: NOW - 190_000, waitingApproval: true, currentNodes: ['publish'] }),
    ];
    const s = snapshotWith();
    const executions = [...s.executions.filter((e) => e.status === 'running' || e.status === 'paused'), ...stale, ...s.executions.filter((e) => e.status !== 'running' && e.status !== 'paused')];
    const { lastFrame } = render(<ExecutionsPane rows={listRows(executions, false)} count={executions.length} position={0} selected={0} now={NOW} width={120} height={12} focused color={false} />);
    const frame = lastFrame() ?? '';
    const rows = frame.split('\n').filter((l) => l.includes('exec_000000d'));
    assert.equal(rows.length, 2);
    for (const row of rows) assert.match(row, /^ {2}◌ exec_000000d[12]…/);
    assert.match(rows[0]!, /\s1m00s stale, seen 4m00s ago · tag\b/);
    assert.match(rows[1]!, /\s10\.0s stale, seen 3m10s ago · approval: publish\b/);
    assertGoldenFrame('executions-pane-stale', frame);
  });

  test('executions pane states against golden frames: empty, nothing matching, faults only, narrow, grouped', () => {
    const s = snapshotWith();
    const pane = (props: Partial<Parameters<typeof ExecutionsPane>[0]>, rows = s.executions) => render(
      <ExecutionsPane rows={listRows(rows, false)} count={rows.length} position={0} selected={0} now={NOW} width={100} height={10} focused color={false} {...props} />,
    ).lastFrame() ?? '';
    const empty = pane({}, []);
    assert.match(empty, /no executions yet/);
    assertGoldenFrame('executions-pane-empty', empty);
    const nothing = pane({ total: 13, view: '/status:failed model:none' }, []);
    assert.match(nothing, /Executions \(0 of 13\) · \/status:failed model:none/);
    assert.match(nothing, /no execution in memory matches/);
    assertGoldenFrame('executions-pane-filtered-empty', nothing);
    const faults = s.executions.filter(isFault);
    const failure = pane({ total: s.executions.length, view: 'faults only' }, faults);
    for (const row of failure.split('\n').filter((l) => /exec_/.test(l))) assert.match(row, /^[› ] [✖⊘⧖◌] /);
    assertGoldenFrame('executions-pane-faults', failure);
    const narrow = pane({ width: 60 });
    for (const line of narrow.split('\n')) assert.ok(displayWidth(line) <= 60, line);
    assert.match(narrow, /TOKENS +COST/);
    assertGoldenFrame('executions-pane-narrow-60', narrow);
    const grouped = render(<ExecutionsPane rows={listRows(s.executions, true)} count={s.executions.length} position={0} selected={1} now={NOW} width={100} height={12} focused color={false} view="by workflow" />).lastFrame() ?? '';
    assert.match(grouped, /^▾ research-agent/m);
    assertGoldenFrame('executions-pane-grouped', grouped);
  });

  test('executions pane renders only the rows that fit and keeps the selection in view', () => {
    const s = snapshotWith({}, 200);
    const { lastFrame } = render(<ExecutionsPane rows={listRows(s.executions, false)} count={s.executions.length} position={150} selected={150} now={NOW} width={100} height={10} focused color={false} />);
    const lines = (lastFrame() ?? '').split('\n');
    assert.equal(lines.length, 10);
    assert.ok(lines.some((l) => l.startsWith('› ')), 'selected row is visible');
  });

  test('tree pane shows the focused trace, windowed to its height', () => {
    const tree = focusTree();
    const lines = traceLines(tree, { now: NOW, width: 98 });
    const { lastFrame } = render(<TreePane lines={lines} tree={tree} cursor={0} width={100} height={12} focused={false} color={false} />);
    assert.equal(lastFrame()?.split('\n').length, 12);
    assertGoldenFrame('tree-pane', lastFrame());
  });

  test('tree pane asks for a selection when there is no focused tree', () => {
    const { lastFrame } = render(<TreePane lines={[]} tree={undefined} cursor={0} width={60} height={5} focused={false} color={false} />);
    assert.match(lastFrame() ?? '', /select an execution/);
  });

  test('help overlay lists every binding from KEYMAP', () => {
    const { lastFrame } = render(<HelpOverlay width={140} height={60} color={false} />);
    const frame = lastFrame() ?? '';
    assert.equal(helpLines().length, KEYMAP.length);
    for (const b of KEYMAP) assert.ok(frame.includes(b.description), b.description);
    for (const line of legendLines().filter((l) => l.trim() !== '')) assert.ok(frame.includes(line.trim()), line);
    assert.match(frame, /◌ +stale: its source stopped sending before it ended \(age frozen at last seen\)/);
    assertGoldenFrame('help-overlay', frame);
  });

  test('help overlay scrolls when taller than the screen, and says which lines show', () => {
    const { lastFrame } = render(<HelpOverlay width={100} height={10} color={false} scroll={5} />);
    const lines = (lastFrame() ?? '').split('\n');
    assert.equal(lines.length, 10);
    assert.match(lines[0]!, /lines 6-14 of \d+, j\/k scroll/);
    assert.ok(lines[1]!.includes(helpLines()[5]!.trim()));
  });
});
