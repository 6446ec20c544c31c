import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, render } from 'ink-testing-library';
import { QueuePane, type QueuePaneData } from '../../../source/view/panes/queue-pane.js';
import { displayWidth } from '../../../source/view/format/truncate.js';
import { assertGoldenFrame } from '../../helpers/view-golden.js';

afterEach(() => cleanup());

const NOW = Date.UTC(2026, 2, 14, 9, 30, 0);
const ramp = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));

function busy(): QueuePaneData {
  return {
    now: NOW,
    queue: { total: 14, byQueue: { cpu: 4, gpu: 10 } },
    queueHistory: {
      sampleMs: 5_000, historyMs: 600_000,
      total: ramp(121, (i) => (i < 10 ? NaN : Math.min(14, Math.round(i / 8)))),
      byQueue: { cpu: ramp(121, (i) => (i % 30 < 15 ? 4 : 1)), gpu: ramp(121, (i) => Math.round(i / 12)) },
      activity: { oldestQueuedAt: NOW - 65_000, oldestByQueue: { cpu: NOW - 12_000, gpu: NOW - 65_000 }, busyWorkers: 3, workers: 5 },
    },
  };
}

const frameOf = (data: QueuePaneData, width: number, height: number, focused = false) => {
  const { lastFrame } = render(<QueuePane data={data} width={width} height={height} focused={focused} color={false} />);
  const frame = lastFrame() ?? '';
  const lines = frame.split('\n');
  assert.ok(lines.length <= height, `${lines.length} lines for height ${height}`);
  for (const line of lines) assert.ok(displayWidth(line) <= width, `wider than ${width}: ${line}`);
  return frame;
};

describe('QueuePane', () => {
  test('graphs all queues and each queue type with the oldest wait and worker saturation, matching its golden frame', () => {
    const frame = frameOf(busy(), 72, 16);
    assert.match(frame, /Queue: 14 queued · oldest waiting 1m05s · workers 3\/5 busy \(60%\)/);
    assert.match(frame, /^gpu: 10 queued · oldest 1m05s$/m);
    assert.match(frame, /└ now 4 · 10m00s/);
    assertGoldenFrame('queue-pane-busy', frame);
  });

  test('shrinks to one line per queue type when short, saying how many did not fit', () => {
    const frame = frameOf(busy(), 72, 3);
    assert.equal(frame.split('\n').length, 3);
    assert.match(frame, /^all .* now 14 oldest 1m05s$/m);
    assert.match(frame, /\+2 more queue types/);
    assertGoldenFrame('queue-pane-short', frameOf(busy(), 72, 4));
  });

  test('fits a narrow width', () => {
    assertGoldenFrame('queue-pane-narrow', frameOf(busy(), 24, 8));
  });

  test('says nothing is queued when empty, and shows no saturation when events name no workers', () => {
    const frame = frameOf({ now: NOW, queue: { total: 0, byQueue: {} } }, 50, 4);
    assert.match(frame, /Queue: 0 queued\n/);
    assert.doesNotMatch(frame, /workers/);
    assertGoldenFrame('queue-pane-empty', frame);
  });

  test('escapes a queue type that came off the wire', () => {
    const frame = frameOf({ now: NOW, queue: { total: 1, byQueue: { 'evil\u001b[2J': 1 } } }, 50, 3);
    assert.match(frame, /evil\\x1b\[2J/);
    assert.ok(!frame.includes('\u001b'), 'no raw escape reaches the terminal');
  });

  test('renders nothing with no height', () => {
    const { lastFrame } = render(<QueuePane data={busy()} width={40} height={0} focused={false} color={false} />);
    assert.equal(lastFrame(), '');
  });
});
