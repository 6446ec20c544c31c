import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ExecutionModel } from '../../../source/core/model/execution-model.js';
import type { SourceStatus } from '../../../source/core/sources/event-source.js';
import { LogSink } from '../../../source/core/telemetry/log-sink.js';
import { MemoryLogger, type LoggerStats } from '../../../source/core/telemetry/logger.js';
import { applyAll, fixtureEvents } from '../../helpers/model-events.js';

function fixtureEffects() {
  const model = new ExecutionModel();
  applyAll(model, fixtureEvents('model-success-run'));
  return model.drainEffects();
}

const status = (state: SourceStatus['state'], message?: string): SourceStatus => ({ id: 'src1', url: 'ws://127.0.0.1:7700/v1/events', kind: 'websocket', state, message, events: 0, rejected: 0, reconnects: 0 });

describe('LogSink', () => {
  test('logs one line per transition effect (none for tokens_used), at the logger level', () => {
    const all = new MemoryLogger('debug');
    const effects = fixtureEffects();
    new LogSink(all).effects(effects);
    assert.equal(all.lines.length, effects.filter((e) => e.type !== 'tokens_used').length);
    const info = new MemoryLogger('info');
    new LogSink(info).effects(effects);
    assert.deepEqual(
      info.lines.map((l) => (l.type === 'transition' ? l.record.event : l.event)),
      ['workflow_started', 'node_completed', 'node_completed', 'node_completed', 'workflow_completed'],
      'node starts are debug',
    );
  });

  test('a source status change is one line: a drop or an error a warning, the rest info', () => {
    const logger = new MemoryLogger('debug');
    const sink = new LogSink(logger);
    sink.status(status('connected'));
    sink.status(status('reconnecting', 'connection refused'));
    assert.deepEqual(logger.lines, [
      { type: 'op', level: 'info', event: 'source_status', message: 'source ws://127.0.0.1:7700/v1/events: connected', fields: { source: 'ws://127.0.0.1:7700/v1/events', state: 'connected', reason: undefined } },
      {
        type: 'op', level: 'warn', event: 'source_status', message: 'source ws://127.0.0.1:7700/v1/events: reconnecting: connection refused',
        fields: { source: 'ws://127.0.0.1:7700/v1/events', state: 'reconnecting', reason: 'connection refused' },
      },
    ]);
  });

  test('says how many lines were dropped since it last said so, on its tick and on flush, and nothing when none were', async () => {
    const logger = new MemoryLogger('debug');
    let dropped = 0;
    Object.defineProperty(logger, 'stats', { get: (): LoggerStats => ({ lines: 0, dropped, rotations: 0 }) });
    const sink = new LogSink(logger);
    sink.tick();
    assert.equal(logger.lines.length, 0);
    dropped = 7;
    sink.tick();
    sink.tick();
    dropped = 9;
    await sink.flush();
    assert.deepEqual(logger.lines.map((l) => (l.type === 'op' ? [l.event, l.fields] : [])), [
      ['log_lines_dropped', { dropped: 7, dropped_total: 7 }],
      ['log_lines_dropped', { dropped: 2, dropped_total: 9 }],
    ]);
  });

  test('close flushes but leaves the logger open: the command logs after the monitor stops', async () => {
    const logger = new MemoryLogger('debug');
    await new LogSink(logger).close();
    assert.equal(logger.closed, false);
  });
});
