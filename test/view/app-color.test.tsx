import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { alertsFixture, snapshotWith, windowStatsFixture } from '../helpers/view-fixtures.js';
import { FakeSnapshotStore } from '../helpers/view-fake-store.js';
import { settle } from '../helpers/view-golden.js';

// Colour support is decided when chalk (under Ink) is first imported, so force it before importing Ink.
// node --test runs each file in its own process, so this does not leak into other tests.
process.env['FORCE_COLOR'] = '1';
const { render } = await import('ink-testing-library');
const { App } = await import('../../source/view/app.js');

const COLOR_CODE = /\u001b\[(3[0-79]|9[0-7])m/; // eslint-disable-line no-control-regex

async function frame(color: boolean, snapshot = snapshotWith()): Promise<string> {
  const app = render(<App store={new FakeSnapshotStore(snapshot)} size={{ rows: 30, columns: 100 }} color={color} />);
  await settle();
  const out = app.lastFrame() ?? '';
  app.unmount();
  return out;
}

describe('App colour', () => {
  test('colours statuses when colour is on', async () => {
    assert.match(await frame(true), COLOR_CODE);
  });
  test('emits no colour codes when colour is off (NO_COLOR), keeping the selection visible', async () => {
    const out = await frame(false);
    assert.doesNotMatch(out, COLOR_CODE);
    assert.match(out, /› ⏸ exec_000000a1…/);
  });
  test('colours the metrics pane and notices only when colour is on (NO_COLOR)', async () => {
    const s = snapshotWith({ windows: windowStatsFixture(), notices: ['metrics: cannot listen on 127.0.0.1:9090: address already in use'] });
    const on = await frame(true, s);
    // Bold and colour codes may come in either order; either way the notice is yellow and the sparklines cyan.
    assert.match(on, /\u001b\[33m(\u001b\[1m)?metrics: cannot listen|\u001b\[1m\u001b\[33mmetrics: cannot listen/); // eslint-disable-line no-control-regex
    assert.match(on, /\u001b\[36m [▁-█]+/); // eslint-disable-line no-control-regex
    const off = await frame(false, s);
    assert.doesNotMatch(off, COLOR_CODE);
    assert.match(off, /metrics: cannot listen on 127\.0\.0\.1:9090/);
    assert.match(off, /exec\/s 0\.80 [▁-█]+/);
  });
  test('colours firing alerts red (header and pane) and pending ones yellow, only when colour is on', async () => {
    const s = snapshotWith({ alerts: alertsFixture() });
    const on = await frame(true, s);
    // Bold and colour codes may come in either order.
    assert.match(on, /\u001b\[31m(\u001b\[1m)?▲ 2 firing|\u001b\[1m\u001b\[31m▲ 2 firing/); // eslint-disable-line no-control-regex
    assert.match(on, /\u001b\[31m {2}▲ ModelErrorRateHigh/); // eslint-disable-line no-control-regex
    assert.match(on, /\u001b\[33m {2}△ QueueBacklog/); // eslint-disable-line no-control-regex
    const off = await frame(false, s);
    assert.doesNotMatch(off, COLOR_CODE);
    assert.match(off, /▲ 2 firing/);
  });
});
