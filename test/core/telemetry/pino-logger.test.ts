import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ManualClock } from '../../../source/core/clock.js';
import type { LogFormat, LogLevel } from '../../../source/core/config/config-values.js';
import { ExecutionModel } from '../../../source/core/model/execution-model.js';
import type { Logger } from '../../../source/core/telemetry/logger.js';
import { openLogger, type LogDestination } from '../../../source/core/telemetry/pino-logger.js';
import { transitionRecord, type TransitionRecord } from '../../../source/core/telemetry/transition-record.js';
import { sanitise } from '../../../source/view/format/sanitise.js';
import { tempDir } from '../../helpers/cmd-io.js';
import { E2E_WAIT_MS, waitFor } from '../../helpers/e2e-process.js';
import { applyAll, fixtureEvents, T0 } from '../../helpers/model-events.js';

const tmp = tempDir('jamjet-logs-');
after(tmp.remove);
let files = 0;

function open(format: LogFormat, level: LogLevel = 'debug', destination: Partial<LogDestination> = {}, bufferMaxBytes?: number): { logger: Logger; path: string } {
  const path = join(tmp.dir, `log-${files++}`, 'top.log');
  const logger = openLogger({ level, format, clock: new ManualClock(T0), escape: (s) => sanitise(s), destination: { kind: 'file', path, ...destination } as LogDestination, bufferMaxBytes });
  return { logger, path };
}

/** Every transition record of the fixture runs, in order. */
function fixtureRecords(): TransitionRecord[] {
  const model = new ExecutionModel();
  applyAll(model, [...fixtureEvents('model-success-run'), ...fixtureEvents('model-retry-failure')]);
  return model.drainEffects().flatMap((e) => transitionRecord(e) ?? []);
}

const HOSTILE = 'boom\u001b]0;TITLE\u0007\u001b[2J\nsecond line\r\t"quoted"\\';

function jq(args: string[], input: string): string {
  const r = spawnSync('jq', args, { input, encoding: 'utf8' });
  assert.equal(r.status, 0, `jq ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

describe('openLogger, json format', () => {
  test('one line per transition, every line parsed by jq, with the documented fields in the docs order', async () => {
    const { logger, path } = open('json');
    const records = fixtureRecords();
    for (const r of records) logger.transition(r);
    await logger.close();
    const text = readFileSync(path, 'utf8');
    assert.equal(text.split('\n').length - 1, records.length, 'one line each');
    const parsed = jq(['-c', '.'], text).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(parsed.length, records.length);
    for (const [i, r] of records.entries()) {
      const want = { ...JSON.parse(JSON.stringify(r)), timestamp: new Date(r.timestamp).toISOString() } as Record<string, unknown>;
      assert.deepEqual(parsed[i], want, r.event);
    }
    const draft = parsed.find((p) => p.event === 'node_completed' && p.node_id === 'draft')!;
    assert.deepEqual(Object.keys(draft), [
      'timestamp', 'level', 'event', 'execution_id', 'workflow_id', 'node_id', 'node_kind', 'attempt', 'model', 'duration_ms', 'input_tokens', 'output_tokens',
    ]);
    assert.equal(jq(['-r', 'select(.level == "error") | .event'], text), 'node_failed\nworkflow_failed\n');
  });

  test('wire strings are JSON-escaped: no raw control character in the file, the error intact once parsed', async () => {
    const { logger, path } = open('json');
    logger.transition({ timestamp: T0, level: 'error', event: 'node_failed', execution_id: 'exec_1', node_id: 'n\u001b[31m', error: HOSTILE });
    logger.log('warn', 'source_status', `source x: ${HOSTILE}`, { source: 'x' });
    await logger.close();
    const text = readFileSync(path, 'utf8');
    assert.equal(text.split('\n').length, 3, 'two lines and the final newline');
    // eslint-disable-next-line no-control-regex -- looking for raw control characters is the point
    assert.doesNotMatch(text.replaceAll('\n', ''), /[\u0000-\u001f]/);
    const [line, op] = jq(['-c', '.'], text).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    assert.equal(line!.error, HOSTILE);
    assert.equal(line!.node_id, 'n\u001b[31m');
    assert.deepEqual(op, { timestamp: new Date(T0).toISOString(), level: 'warn', event: 'source_status', source: 'x', message: `source x: ${HOSTILE}` });
  });
});

describe('openLogger, text format', () => {
  test('one readable line per transition: time, level, event, then key=value in the JSON order', async () => {
    const { logger, path } = open('text');
    const records = fixtureRecords();
    for (const r of records) logger.transition(r);
    await logger.close();
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, records.length);
    assert.equal(
      lines.find((l) => l.includes('node_completed') && l.includes('node_id=draft')),
      '2026-03-14T09:21:15.235Z INFO  node_completed execution_id=exec_39201bc020354816b34546bc0da7d0fb workflow_id=research_brief node_id=draft ' +
        'node_kind=model attempt=0 model=claude-sonnet-4-6 duration_ms=6429 input_tokens=1843 output_tokens=612',
    );
    assert.ok(lines.every((l) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (DEBUG|INFO |WARN |ERROR) (workflow|node)_[a-z_]+ execution_id=exec_[0-9a-f]{32}/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => l.endsWith('error="node(s) failed terminally: draft"')), 'a value with spaces is quoted');
  });

  test('wire strings are sanitised: one line each, escapes shown, never emitted', async () => {
    const { logger, path } = open('text');
    logger.transition({ timestamp: T0, level: 'error', event: 'node_failed', execution_id: 'exec_1', node_id: 'n\u001b[31m', error: HOSTILE });
    logger.log('warn', 'source_status', `source x: ${HOSTILE}`);
    await logger.close();
    const text = readFileSync(path, 'utf8');
    assert.equal(text.split('\n').length, 3);
    assert.ok(!text.includes('\u001b') && !text.includes('\r') && !text.includes('\t'), 'no raw control character');
    assert.match(text, /node_id=n\\x1b\[31m /);
    assert.match(text, /error="boom\\x1b\]0;TITLE\\x07\\x1b\[2J\\nsecond line\\r\\t\\"quoted\\"\\"\n/);
    assert.match(text, /^2026-03-14T09:00:00\.000Z WARN {2}source_status source x: boom\\x1b/m);
  });
});

describe('openLogger, levels', () => {
  for (const format of ['json', 'text'] as const) {
    test(`${format}: lines below the configured level are dropped, transitions and messages alike`, async () => {
      const { logger, path } = open(format, 'warn');
      for (const r of fixtureRecords()) logger.transition(r);
      logger.log('debug', 'd', 'debug message');
      logger.log('info', 'i', 'info message');
      logger.log('warn', 'w', 'warn message');
      logger.log('error', 'e', 'error message');
      assert.deepEqual([logger.enabled('info'), logger.enabled('warn')], [false, true]);
      await logger.close();
      const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
      const levels = lines.map((l) => (format === 'json' ? (JSON.parse(l) as { level: string }).level : l.split(/\s+/)[1]!.toLowerCase()));
      assert.deepEqual(levels, ['warn', 'error', 'error', 'warn', 'error']);
    });
  }
});

describe('openLogger, file rotation and the bounded buffer', () => {
  test('a file past its cap is rotated: at most `keep` files, each within the cap (plus what was queued), the newest lines kept in order', async () => {
    const maxBytes = 4096;
    const bufferMaxBytes = 2048;
    const { logger, path } = open('json', 'debug', { maxBytes, keep: 3 }, bufferMaxBytes);
    const total = 400; // ~80 bytes a line: ~8 caps' worth
    for (let i = 0; i < total; i++) {
      logger.log('info', 'tick', `line ${i}`, { i });
      // Waiting now and then keeps the queue under its cap, so nothing is dropped and every line is accounted for.
      if (i % 10 === 9) await logger.flush();
    }
    await logger.close();
    assert.equal(logger.stats.dropped, 0);
    assert.ok(logger.stats.rotations >= 6, `rotations: ${logger.stats.rotations}`);
    assert.ok(existsSync(`${path}.1`) && existsSync(`${path}.2`), 'two rotated copies');
    assert.equal(existsSync(`${path}.3`), false, 'no more than keep = 3 files');
    for (const f of [path, `${path}.1`, `${path}.2`]) assert.ok(statSync(f).size <= maxBytes + bufferMaxBytes, `${f}: ${statSync(f).size} bytes`);
    const kept = [`${path}.2`, `${path}.1`, path].flatMap((f) => readFileSync(f, 'utf8').trimEnd().split('\n')).map((l) => (JSON.parse(l) as { i: number }).i);
    assert.equal(kept.at(-1), total - 1, 'the newest line is in the live file');
    assert.deepEqual(kept, Array.from({ length: kept.length }, (_, k) => total - kept.length + k), 'a contiguous tail, oldest first');
    assert.ok(kept.length < total, 'the oldest lines are gone');
  });

  test('one batch of transitions is written together, and rotated mid-batch when it passes the cap', async () => {
    const maxBytes = 4096;
    const { logger, path } = open('json', 'debug', { maxBytes, keep: 3 }, 64 * 1024);
    // A batch is a source frame's worth of lines, far below the 10 MB cap: one rotation at most inside it.
    const records = Array.from({ length: 60 }, (_, i): TransitionRecord => ({ timestamp: T0 + i, level: 'info', event: 'node_completed', execution_id: `exec_${i}`, duration_ms: i }));
    logger.transitions(records.slice(0, 1));
    await logger.flush();
    logger.transitions(records.slice(1));
    await logger.close();
    assert.deepEqual([logger.stats.lines, logger.stats.dropped, logger.stats.rotations], [60, 0, 1]);
    assert.ok(statSync(`${path}.1`).size <= maxBytes, `${statSync(`${path}.1`).size} bytes`);
    const kept = [`${path}.1`, path].flatMap((f) => readFileSync(f, 'utf8').trimEnd().split('\n')).map((l) => (JSON.parse(l) as { duration_ms: number }).duration_ms);
    assert.deepEqual(kept, records.map((r) => r.duration_ms), 'every line once, in order, across the two files');
  });

  test('a destination that cannot keep up drops lines past the buffer cap and counts them, never queueing more', async () => {
    const { logger, path } = open('json', 'debug', {}, 1024);
    const total = 1000;
    for (let i = 0; i < total; i++) logger.log('info', 'burst', `line ${i}`, { i });
    await logger.close();
    const written = readFileSync(path, 'utf8').trimEnd().split('\n').length;
    assert.ok(logger.stats.dropped > 0, 'a synchronous burst overflows a 1 KB buffer');
    assert.equal(written + logger.stats.dropped, total, 'every line either written or counted as dropped');
  });

  test('a log file that cannot be created is reported once, and logging goes on without it', async () => {
    const errors: string[] = [];
    // A file where the log's folder should be.
    const blocker = join(tmp.dir, 'not-a-dir');
    writeFileSync(blocker, 'x');
    const logger = openLogger({ level: 'info', format: 'json', clock: new ManualClock(T0), escape: (s) => s, destination: { kind: 'file', path: join(blocker, 'top.log') }, onError: (m) => errors.push(m) });
    logger.log('info', 'x', 'lost');
    await waitFor('the open error', E2E_WAIT_MS, () => (errors.length > 0 ? true : undefined));
    logger.log('info', 'x', 'also lost');
    await logger.close();
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0]!, /not-a-dir\/top\.log: .*(ENOTDIR|EEXIST)/);
  });
});
