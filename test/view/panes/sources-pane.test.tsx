import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, render } from 'ink-testing-library';
import { SourcesPane, type SourcesPaneData } from '../../../source/view/panes/sources-pane.js';
import { displayWidth } from '../../../source/view/format/truncate.js';
import { assertGoldenFrame } from '../../helpers/view-golden.js';

afterEach(() => cleanup());

const NOW = Date.UTC(2026, 2, 14, 9, 30, 0);
const ingest = { applied: 1234, duplicates: 0, gaps: 0, buffered: 0, unknownTypes: 0, rejected: { invalid_json: 2, missing_field: 1 }, evicted: 0 };

function data(): SourcesPaneData {
  return {
    now: NOW,
    ingest,
    sources: [
      { id: 'src1', url: 'ws://127.0.0.1:7700/v1/events', kind: 'websocket', state: 'connected', lastEventAt: NOW - 2_000, lagMs: 120, events: 1200, rejected: 3, reconnects: 0 },
      { id: 'src2', url: 'https://runtime.example/api', kind: 'rest', state: 'reconnecting', reason: 'connection refused\u001b[31m', lastEventAt: NOW - 95_000, events: 34, rejected: 0, reconnects: 4 },
    ],
  };
}

const frameOf = (d: SourcesPaneData, width: number, height: number) => {
  const { lastFrame } = render(<SourcesPane data={d} width={width} height={height} focused={false} color={false} />);
  const frame = lastFrame() ?? '';
  assert.ok(frame.split('\n').length <= height, `taller than ${height}`);
  for (const line of frame.split('\n')) assert.ok(displayWidth(line) <= width, `wider than ${width}: ${line}`);
  return frame;
};

describe('SourcesPane', () => {
  test('shows each source with its state, time since its newest event, lag, events and rejections, then rejections by reason', () => {
    const frame = frameOf(data(), 140, 6);
    assert.match(frame, /^connected {4}ws:\/\/127\.0\.0\.1:7700\/v1\/events · last event 2\.0s ago · lag 120ms · 1200 events · 3 rejected$/m);
    assert.match(frame, /reconnecting .* last event 1m35s ago .* connection refused\\x1b\[31m$/m);
    assert.match(frame, /^rejected by reason: invalid_json 2 · missing_field 1$/m);
    assert.ok(!frame.includes('\u001b'));
    assertGoldenFrame('sources-pane', frame);
  });

  test('counts what does not fit a small height, and cuts lines to a narrow width', () => {
    const frame = frameOf(data(), 40, 3);
    assert.match(frame, /\+2 more/);
    assertGoldenFrame('sources-pane-small', frame);
  });

  test('says when there is no source yet', () => {
    assert.match(frameOf({ now: NOW, ingest: { ...ingest, rejected: {} }, sources: [] }, 60, 3), /no source yet/);
  });
});
