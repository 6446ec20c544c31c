import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, render } from 'ink-testing-library';
import { SourcesPane, type SourcesPaneData } from '../../../source/view/panes/sources-pane.js';
import { displayWidth } from '../../../source/view/format/truncate.js';
import { assertGoldenFrame } from '../../helpers/view-golden.js';

afterEach(() => cleanup());

const NOW = Date.UTC(2026, 2, 14, 9, 30, 0);
const ingest = { applied: 1234, duplicates: 0, gaps: 0, buffered: 0, unknownTypes: 0, rejected: { invalid_json: 2, missing_field: 1 }, evicted: 0 };

/** A frame that tries to clear the screen (CSI), retitle the terminal (OSC) and colour with a one-byte C1 CSI. */
const HOSTILE = '{"type":"\u001b[2J\u001b]0;pwned\u0007\u009b31mevil"}';

function data(): SourcesPaneData {
  return {
    now: NOW,
    ingest,
    rejectedFrames: {
      src1: [
        { at: NOW - 1_000, reason: 'invalid_json', detail: 'frame: not valid JSON', excerpt: '{"type":"events","events":[' },
        { at: NOW - 5_000, reason: 'missing_field', detail: 'kind.type: missing (expected string)', excerpt: '{"cursor":7,"event":{"id":"e7","kind":{}}}' },
        { at: NOW - 9_000, reason: 'invalid_json', detail: 'frame: not valid JSON', excerpt: 'oops' },
      ],
      src2: [{ at: NOW - 60_000, reason: 'unknown_frame', detail: 'binary frame ignored (protocol v1 is text only)' }],
    },
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

  test('lists under each source its last rejected inputs, newest first, sharing the rows so every source shows its newest', () => {
    const frame = frameOf(data(), 120, 7);
    const lines = frame.split('\n');
    assert.equal(lines.length, 7);
    assert.match(lines[1]!, /^connected /);
    assert.equal(lines[2], '  09:29:59Z invalid_json · frame: not valid JSON · {"type":"events","events":[');
    assert.equal(lines[3], '  09:29:55Z missing_field · kind.type: missing (expected string) · {"cursor":7,"event":{"id":"e7","kind":{}}}');
    assert.match(lines[4]!, /^reconnecting /);
    assert.equal(lines[5], '  09:29:00Z unknown_frame · binary frame ignored (protocol v1 is text only)');
    assert.match(lines[6]!, /^rejected by reason: /);
    assert.ok(!frame.includes('oops'), 'the oldest did not fit and is not shown');
    assertGoldenFrame('sources-pane-rejected', frame);
  });

  test('shows a rejected input with CSI, OSC and C1 controls escaped, cut to the width', () => {
    const hostile = { ...data(), rejectedFrames: { src1: [{ at: NOW, reason: 'unknown_frame' as const, detail: 'ignored unknown frame type "\u001b[2J"', excerpt: HOSTILE }] } };
    const frame = frameOf(hostile, 140, 6);
    for (const control of ['\u001b', '\u0007', '\u009b']) assert.ok(!frame.includes(control), `raw ${JSON.stringify(control)} reached the frame`);
    assert.match(frame, /ignored unknown frame type "\\x1b\[2J" · \{"type":"\\x1b\[2J\\x1b\]0;pwned\\x07\\x9b31mevil"\}/);
    assertGoldenFrame('sources-pane-hostile', frame);
    const narrow = frameOf(hostile, 50, 6);
    assert.match(narrow, /^ {2}09:30:00Z unknown_frame · ignored unknown frame…$/m);
  });

  test('says when there is no source yet', () => {
    assert.match(frameOf({ now: NOW, ingest: { ...ingest, rejected: {} }, sources: [] }, 60, 3), /no source yet/);
  });
});
