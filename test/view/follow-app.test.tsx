import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, render } from 'ink-testing-library';
import { FollowApp } from '../../source/view/follow-app.js';
import { followAction } from '../../source/view/follow-keys.js';
import { FakeSnapshotStore } from '../helpers/view-fake-store.js';
import { NOW, focusTree, snapshotWith } from '../helpers/view-fixtures.js';
import { waitFor } from '../helpers/view-golden.js';

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

describe('FollowApp with the execution', () => {
  test('shows the detail following the tail, and switches tabs and folds by key', async () => {
    const store = new FakeSnapshotStore(snapshotWith({ demo: false, focus: focusTree(), now: NOW }));
    const { lastFrame, stdin } = render(<FollowApp store={store} executionId={ID} color={false} onQuit={() => undefined} size={{ rows: 12, columns: 120 }} />);
    await waitFor(() => /› {2}└── node:notify/.test(lastFrame() ?? ''));
    assert.match(lastFrame() ?? '', /\[1 tree\]/);
    assert.match(lastFrame() ?? '', /› {2}└── node:notify/, 'the tail is in view');
    stdin.write('2');
    await waitFor(() => /\[2 events\]/.test(lastFrame() ?? ''));
    assert.match(lastFrame() ?? '', /no events journaled/);
    stdin.write('t');
    await waitFor(() => /\[1 tree\]/.test(lastFrame() ?? ''));
    stdin.write('k');
    await waitFor(() => /› {2}│ {3}└── model\.call local-llama/.test(lastFrame() ?? ''));
    stdin.write('k');
    await waitFor(() => /›◆ ├── ▾ node:draft_more/.test(lastFrame() ?? ''));
    stdin.write(' ');
    await waitFor(() => /›◆ ├── ▸ node:draft_more/.test(lastFrame() ?? ''));
    assert.match(lastFrame() ?? '', /›◆ ├── ▸ node:draft_more \(draft_more\) \[model\] 3\.2s ● running$/m);
  });
});

describe('followAction', () => {
  test('maps vi keys, arrows, tabs, folds and tab numbers onto detail actions', () => {
    assert.equal(followAction('j', {}), 'down');
    assert.equal(followAction('', { upArrow: true }), 'up');
    assert.equal(followAction('', { tab: true, shift: true }), 'prevTab');
    assert.equal(followAction('', { return: true }), 'toggleFold');
    assert.deepEqual(followAction('3', {}), { tab: 'state' });
    assert.equal(followAction('x', {}), undefined);
  });
});
