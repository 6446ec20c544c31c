import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ManualClock } from '../../../source/core/clock.js';
import type { LogFormat } from '../../../source/core/config/config-values.js';
import { ExecutionModel } from '../../../source/core/model/execution-model.js';
import { LOG_BATCH_LINES, openThreadLogger } from '../../../source/core/telemetry/thread-logger.js';
import { transitionRecord, type TransitionRecord } from '../../../source/core/telemetry/transition-record.js';
import { LOG_THREAD_SCRIPT } from '../../../source/commands/wiring/open-logger.js';
import { tempDir } from '../../helpers/cmd-io.js';
import { applyAll, fixtureEvents, T0 } from '../../helpers/model-events.js';

const tmp = tempDir('jamjet-thread-logs-');
after(tmp.remove);
let files = 0;

function open(format: LogFormat, options: { bufferMaxBytes?: number; pendingMax?: number; level?: 'debug' | 'info' } = {}) {
  const path = join(tmp.dir, `log-${files++}`, 'top.log');
  const clock = new ManualClock(T0);
  const logger = openThreadLogger({ script: LOG_THREAD_SCRIPT, level: options.level ?? 'debug', format, clock, destination: { kind: 'file', path }, bufferMaxBytes: options.bufferMaxBytes, pendingMax: options.pendingMax });
  return { logger, path, clock };
}

function fixtureRecords(): TransitionRecord[] {
  const model = new ExecutionModel();
  applyAll(model, [...fixtureEvents('model-success-run'), ...fixtureEvents('model-retry-failure')]);
  return model.drainEffects().flatMap((e) => transitionRecord(e) ?? []);
}

const lines = (path: string): string[] => readFileSync(path, 'utf8').trimEnd().split('\n');

describe('the logger on its own thread', () => {
  test('json: every transition and message in the order given, messages at the ingest thread\'s time', async () => {
    const { logger, path, clock } = open('json');
    const records = fixtureRecords();
    const half = Math.floor(records.length / 2);
    logger.transitions(records.slice(0, half));
    clock.advance(1_234);
    logger.log('warn', 'store_location', 'between the two halves', { path: '/x' });
    logger.transitions(records.slice(half));
    await logger.close();
    const parsed = lines(path).map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(parsed.length, records.length + 1);
    assert.deepEqual(parsed.slice(0, half).map((p) => p.event), records.slice(0, half).map((r) => r.event));
    assert.deepEqual(parsed[half], { timestamp: new Date(T0 + 1_234).toISOString(), level: 'warn', event: 'store_location', path: '/x', message: 'between the two halves' });
    assert.deepEqual(parsed.slice(half + 1).map((p) => [p.event, p.timestamp]), records.slice(half).map((r) => [r.event, new Date(r.timestamp).toISOString()]));
    assert.deepEqual([logger.stats.lines, logger.stats.dropped], [records.length + 1, 0]);
  });

  test('text: wire strings go through the view\'s sanitiser on the thread; one line each', async () => {
    const { logger, path } = open('text');
    logger.log('error', 'source_status', 'boom\u001b]52;c;aGk=\u0007\u001b[2J\nsecond\u202e');
    await logger.close();
    const text = readFileSync(path, 'utf8');
    assert.equal(text.split('\n').length, 2, 'one line');
    // eslint-disable-next-line no-control-regex -- the point: no control character reached the file
    assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/.test(text), JSON.stringify(text));
    assert.match(text, /ERROR source_status boom/);
  });

  test('below the level nothing is sent, and enabled() says so before a record is built', async () => {
    const { logger, path } = open('json', { level: 'info' });
    assert.deepEqual([logger.enabled('debug'), logger.enabled('info')], [false, true]);
    logger.log('debug', 'quiet', 'not written');
    logger.log('info', 'loud', 'written');
    await logger.close();
    assert.deepEqual(lines(path).map((l) => (JSON.parse(l) as { event: string }).event), ['loud']);
    assert.equal(logger.enabled('error'), false, 'nothing after close');
  });

  test('a burst far past the destination\'s buffer is written whole: the thread waits for the destination between batches', async () => {
    // 256 KB of destination buffer (a batch is ~80 KB), ~5 MB of lines handed over at once: without waiting
    // for the destination, most would be dropped.
    const { logger, path } = open('json', { bufferMaxBytes: 256 * 1024 });
    const total = 60 * LOG_BATCH_LINES;
    for (let i = 0; i < total; i++) logger.log('info', 'burst', `line ${i} ${'x'.repeat(60)}`, { i });
    await logger.close();
    const written = lines(path).map((l) => (JSON.parse(l) as { i: number }).i);
    assert.equal(logger.stats.dropped, 0);
    assert.deepEqual(written, Array.from({ length: total }, (_, i) => i), 'every line once, in order');
  });

  test('lines past the pending cap are dropped here and counted, never queued', async () => {
    const { logger, path } = open('json', { pendingMax: 10 });
    for (let i = 0; i < 100; i++) logger.transition({ timestamp: T0 + i, level: 'info', event: 'node_started', execution_id: `exec_${i}` });
    await logger.close();
    assert.equal(logger.stats.dropped, 90);
    assert.equal(lines(path).length + logger.stats.dropped, 100, 'every line written or counted');
  });
});
