import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SPARK_WIDTH, metricsLines, percentilesText } from '../../../source/view/format/metrics-lines.js';
import { displayWidth } from '../../../source/view/format/truncate.js';
import { rateStatsFixture, windowStatsFixture } from '../../helpers/view-fixtures.js';

const text = (width: number, height = 3): string[] => metricsLines(windowStatsFixture(), rateStatsFixture(), width, height).map((l) => l.map((s) => s.text).join(''));

describe('metricsLines', () => {
  test('shows execution and node p50/p95/p99 for every window when wide', () => {
    const [exec, node] = text(160);
    assert.match(exec ?? '', /^exec p50\/p95\/p99 {2}1m 1\.2s\/4\.5s\/9\.8s +5m 1\.1s\/4\.0s\/12\.3s +15m 950ms\/1m05s\/2m05s$/);
    assert.match(node ?? '', /^node p50\/p95\/p99 {2}1m 120ms\/830ms\/2\.1s +5m 110ms\/900ms\/2\.4s +15m —$/);
  });
  test('lines the window columns up between the execution and node rows', () => {
    const [exec, node] = text(160);
    assert.equal(exec?.indexOf('5m '), node?.indexOf('5m '));
    assert.equal(exec?.indexOf('15m '), node?.indexOf('15m '));
  });
  test('drops 15m, then 5m, when the width runs out, and never exceeds the width', () => {
    const [exec80] = text(80);
    assert.match(exec80 ?? '', /1m .* 5m /);
    assert.doesNotMatch(exec80 ?? '', /15m/);
    const [exec50] = text(50);
    assert.match(exec50 ?? '', /1m 1\.2s/);
    assert.doesNotMatch(exec50 ?? '', /5m/);
    for (const width of [10, 30, 50, 80, 100, 200]) {
      for (const line of text(width)) assert.ok(displayWidth(line) <= width, `${width}: ${line}`);
    }
  });
  test('shows rates with sparklines, the error ratio and cost per hour', () => {
    const rates = text(100)[2] ?? '';
    assert.match(rates, /^exec\/s 0\.80 [▁-█]+ {2}err\/s 0\.10 \(12\.5%\) [▁-█]+ {2}tok\/s 1\.2k [▁-█]+ {2}\$\/h \$0\.42 [▁-█]+$/);
    assert.match(rates, /err\/s 0\.10 \(12\.5%\) ▁▁▁▁▅███/);
  });
  test('caps sparklines on a wide terminal and drops them when too narrow', () => {
    const long = rateStatsFixture({ history: { sampleMs: 5000, executionsPerSec: Array(100).fill(1), errorsPerSec: [], tokensPerSec: [], costPerHour: [] } });
    const wide = metricsLines(windowStatsFixture(), long, 300, 3)[2]!.map((s) => s.text).join('');
    assert.equal(wide.match(/█+/)?.[0].length, MAX_SPARK_WIDTH);
    const narrow = text(60)[2] ?? '';
    assert.doesNotMatch(narrow, /[▁-█]/);
  });
  test('never returns more lines than the height, keeping execution latency then rates', () => {
    assert.equal(text(100, 0).length, 0);
    assert.match(text(100, 1).join('\n'), /^exec p50/);
    const two = text(100, 2);
    assert.equal(two.length, 2);
    assert.match(two[1] ?? '', /^exec\/s/);
    assert.equal(text(100, 10).length, 3);
  });
  test('shows — for a window where nothing ended', () => {
    assert.equal(percentilesText({ count: 0 }), '—');
    assert.equal(percentilesText({ count: 1, p50: 823, p95: 823, p99: 823 }), '823ms/823ms/823ms');
  });
});
