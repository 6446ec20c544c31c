import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, render } from 'ink-testing-library';
import { FollowApp } from '../../source/view/follow-app.js';
import { FakeSnapshotStore } from '../helpers/view-fake-store.js';
import { snapshotWith } from '../helpers/view-fixtures.js';

afterEach(() => cleanup());

const ID = 'exec_00000000000000000000000000000abc';
const WS = 'ws://127.0.0.1:7700/v1/events';

function frame(over: Parameters<typeof snapshotWith>[0]): string {
  const store = new FakeSnapshotStore(snapshotWith({ demo: false, focus: undefined, ...over }));
  const { lastFrame } = render(<FollowApp store={store} executionId={ID} color={false} onQuit={() => undefined} size={{ rows: 8, columns: 120 }} />);
  return lastFrame() ?? '';
}

describe('FollowApp before the execution shows up', () => {
  test('says what it waits for and where, never the dashboard\'s hint to select an execution', () => {
    const out = frame({ sources: [{ id: WS, url: WS, kind: 'websocket', state: 'reconnecting', events: 0, rejected: 0, reconnects: 2, message: 'connection refused (attempt 2, retry in 0.5s)' }] });
    assert.doesNotMatch(out, /select an execution|j\/k/);
    assert.match(out, new RegExp(`waiting for ${ID} on ${WS} reconnecting: connection refused`));
  });

  test('shows the follow notice in place of the plain waiting line once there is one', () => {
    const notice = `waiting for ${ID} (not seen yet on ${WS})`;
    const out = frame({ sources: [{ id: WS, url: WS, kind: 'websocket', state: 'connected', events: 9, rejected: 0, reconnects: 0 }], notices: [notice] });
    assert.match(out, /not seen yet on ws:\/\/127\.0\.0\.1:7700\/v1\/events\)/);
    assert.doesNotMatch(out, /select an execution/);
  });
});
