import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, render } from 'ink-testing-library';
import { MetricsPane } from '../../../source/view/panes/metrics-pane.js';
import { displayWidth } from '../../../source/view/format/truncate.js';
import { rateStatsFixture, windowStatsFixture } from '../../helpers/view-fixtures.js';

afterEach(() => cleanup());

const frame = (width: number, height: number, windows = windowStatsFixture(), rates = rateStatsFixture()): string =>
  render(<MetricsPane windows={windows} rates={rates} width={width} height={height} color={false} />).lastFrame() ?? '';

describe('MetricsPane', () => {
  test('shows execution and node percentiles and rates with sparklines in three lines', () => {
    const lines = frame(100, 3).split('\n');
    assert.equal(lines.length, 3);
    assert.match(lines[0] ?? '', /^exec p50\/p95\/p99 {2}1m 1\.2s\/4\.5s\/9\.8s/);
    assert.match(lines[1] ?? '', /^node p50\/p95\/p99 {2}1m 120ms\/830ms\/2\.1s/);
    assert.match(lines[2] ?? '', /^exec\/s 0\.80 [▁-█]+ {2}err\/s 0\.10/);
  });
  test('fits 80 columns by dropping the 15m window', () => {
    const out = frame(80, 3);
    for (const line of out.split('\n')) assert.ok(displayWidth(line) <= 80, line);
    assert.match(out, /5m 1\.1s/);
    assert.doesNotMatch(out, /15m/);
  });
  test('is never taller than its height', () => {
    for (const height of [1, 2, 3, 8]) assert.ok(frame(100, height).split('\n').length <= Math.min(height, 3), `height ${height}`);
  });
  test('renders nothing without windows, without rates or without lines', () => {
    const none = render(<MetricsPane windows={undefined} rates={rateStatsFixture()} width={100} height={3} color={false} />).lastFrame() ?? '';
    assert.equal(none, '');
    const noRates = render(<MetricsPane windows={windowStatsFixture()} rates={undefined} width={100} height={3} color={false} />).lastFrame() ?? '';
    assert.equal(noRates, '');
    assert.equal(frame(100, 0), '');
  });
  test('shows — where nothing ended and flat sparklines when idle', () => {
    const idle = windowStatsFixture({ execution: { '1m': { count: 0 }, '5m': { count: 0 }, '15m': { count: 0 } } });
    const idleRates = rateStatsFixture({
      eventsPerSec: 0, executionsPerSec: 0, errorsPerSec: 0, errorRatio: undefined, nodesPerSec: 0, tokensPerSec: 0, costPerHour: 0,
      history: { sampleMs: 5000, executionsPerSec: [0, 0, 0], errorsPerSec: [0, 0, 0], tokensPerSec: [0, 0, 0], costPerHour: [0, 0, 0] },
    });
    const lines = frame(100, 3, idle, idleRates).split('\n');
    assert.match(lines[0] ?? '', /^exec p50\/p95\/p99 {2}1m — +5m — +15m —$/);
    assert.match(lines[2] ?? '', /^exec\/s 0 ▁▁▁ {2}err\/s 0 ▁▁▁ {2}tok\/s 0 ▁▁▁ {2}\$\/h \$0\.00 ▁▁▁$/);
  });
});
