// Structured logs from real processes: serve writes a line per state transition (and its own messages) on
// stdout, parsed by jq; top writes them to its log file and never to stdout; bad [logging] settings exit 2.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../helpers/cmd-io.js';
import { cleanEnv } from '../helpers/cmd-run.js';
import { E2E_SUITE_MS, E2E_WAIT_MS, killAll, runCli, spawnCli } from '../helpers/e2e-process.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../../test/fixtures/events/${name}.jsonl`, import.meta.url));
const SOURCES = ['--url', fixture('model-success-run'), '--url', fixture('model-retry-failure')];
const SUCCESS = 'exec_39201bc020354816b34546bc0da7d0fb';
const RETRY = 'exec_3110084bdce044b9bd8c0a4862b0c1dd';

/** Every transition of the two fixture runs, as (execution, event, node), node starts included. */
const TRANSITIONS = [
  [SUCCESS, 'workflow_started', undefined], [SUCCESS, 'node_started', 'search'], [SUCCESS, 'node_completed', 'search'],
  [SUCCESS, 'node_started', 'draft'], [SUCCESS, 'node_completed', 'draft'], [SUCCESS, 'node_started', 'evaluate'],
  [SUCCESS, 'node_completed', 'evaluate'], [SUCCESS, 'workflow_completed', undefined],
  [RETRY, 'workflow_started', undefined], [RETRY, 'node_started', 'search'], [RETRY, 'node_completed', 'search'],
  [RETRY, 'node_started', 'draft'], [RETRY, 'node_failed', 'draft'], [RETRY, 'node_started', 'draft'], [RETRY, 'node_failed', 'draft'],
  [RETRY, 'workflow_failed', undefined],
];

interface Line { timestamp: string; level: string; event: string; execution_id?: string; node_id?: string; message?: string; [k: string]: unknown }

/** Runs the text through `jq -c .`: fails unless every line is JSON. */
function viaJq(text: string): Line[] {
  const r = spawnSync('jq', ['-c', '.'], { input: text, encoding: 'utf8' });
  assert.equal(r.status, 0, `jq: ${r.stderr}\n${text}`);
  return r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Line);
}

const transitionsOf = (lines: readonly Line[]): string[][] =>
  lines.filter((l) => l.execution_id !== undefined).map((l) => [l.execution_id!, l.event, ...(l.node_id === undefined ? [] : [l.node_id])]);
const expected = (keep: (event: string) => boolean): string[][] =>
  TRANSITIONS.filter(([, e]) => keep(e!)).map(([x, e, n]) => [x!, e!, ...(n === undefined ? [] : [n])]);

/** Both executions ended, in whichever order the two sources delivered them. */
const sortedByExecution = (rows: string[][]): string[][] => [...rows.filter((r) => r[0] === SUCCESS), ...rows.filter((r) => r[0] === RETRY)];

describe('jamjet serve logs on stdout', { timeout: E2E_SUITE_MS }, () => {
  const tmp = tempDir('jamjet-e2e-logs-');
  after(async () => {
    await killAll();
    tmp.remove();
  });

  test('format = "json", level = "debug": one jq-parseable line per transition with the documented fields, and its own messages, nothing on stderr', async () => {
    const config = join(tmp.dir, 'json.toml');
    writeFileSync(config, '[logging]\nlevel = "debug"\nformat = "json"\n');
    const p = spawnCli(['serve', ...SOURCES, '--db', ':memory:', '--no-metrics', '--config', config], { env: cleanEnv() });
    await p.waitForOutput('stdout', /"event":"workflow_failed"[^\n]*\n[^]*"event":"workflow_completed"|"event":"workflow_completed"[^\n]*\n[^]*"event":"workflow_failed"/);
    assert.deepEqual(await p.stop('SIGTERM'), { code: 0, signal: null }, p.describe());
    assert.equal(p.stderr, '');
    const lines = viaJq(p.stdout);
    assert.deepEqual(sortedByExecution(transitionsOf(lines)), expected(() => true));
    const draft = lines.find((l) => l.event === 'node_completed' && l.node_id === 'draft')!;
    assert.deepEqual(draft, {
      timestamp: '2026-03-14T09:21:15.235Z', level: 'info', event: 'node_completed', execution_id: SUCCESS, workflow_id: 'research_brief',
      node_id: 'draft', node_kind: 'model', attempt: 0, model: 'claude-sonnet-4-6', duration_ms: 6429, input_tokens: 1843, output_tokens: 612,
    });
    const failed = lines.find((l) => l.event === 'workflow_failed')!;
    assert.deepEqual([failed.level, failed.error], ['error', 'node(s) failed terminally: draft']);
    const ops = lines.filter((l) => l.execution_id === undefined).map((l) => l.event);
    assert.ok(ops.includes('serve_started') && ops.includes('source_status'), ops.join());
    assert.deepEqual(ops.slice(-2), ['serve_stopping', 'serve_stopped']);
    assert.ok(lines.every((l) => typeof l.message === 'string' || l.execution_id !== undefined), 'every own message has its text');
  });

  test('the default text format at level info: one readable line per transition, node starts left out', async () => {
    const p = spawnCli(['serve', ...SOURCES, '--db', ':memory:', '--no-metrics'], { env: cleanEnv(), cwd: tmp.dir });
    await p.waitForOutput('stdout', /workflow_failed[^]*workflow_completed|workflow_completed[^]*workflow_failed/);
    assert.deepEqual(await p.stop('SIGTERM'), { code: 0, signal: null }, p.describe());
    const lines = p.stdout.trimEnd().split('\n');
    assert.ok(lines.every((l) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (INFO |WARN |ERROR) [a-z_]+ /.test(l)), p.describe());
    const rows = lines.filter((l) => l.includes(' execution_id=')).map((l) => {
      const [, , event, ...pairs] = l.split(' ').filter((w) => w !== '');
      const field = (k: string): string | undefined => pairs.find((w) => w.startsWith(`${k}=`))?.slice(k.length + 1);
      return [field('execution_id')!, event!, ...(field('node_id') === undefined ? [] : [field('node_id')!])];
    });
    assert.deepEqual(sortedByExecution(rows), expected((e) => e !== 'node_started'));
    assert.ok(lines.some((l) => / serve_started reading .*; metrics off; \d+ rules from /.test(l)), p.describe());
  });
});

describe('jamjet top logs to its file, never to stdout', { timeout: E2E_SUITE_MS }, () => {
  const tmp = tempDir('jamjet-e2e-top-logs-');
  after(async () => {
    await killAll();
    tmp.remove();
  });

  test('a replay under top: transitions in .jamjet/top.log (json, jq-parseable), the screen output has none', async () => {
    writeFileSync(join(tmp.dir, 'jamjet.toml'), '[logging]\nformat = "json"\nlevel = "debug"\n');
    const p = await runCli(['top', ...SOURCES, '--db', ':memory:', '--no-metrics'], E2E_WAIT_MS, { cwd: tmp.dir, env: cleanEnv() });
    assert.equal(p.exit.code, 0, p.describe());
    assert.match(p.stdout, /EXECUTION/, 'top printed its blocks');
    for (const leak of ['"event"', 'node_completed', 'workflow_started', 'source_status']) assert.ok(!p.stdout.includes(leak), `${leak} on stdout`);
    assert.equal(p.stderr, '');
    const lines = viaJq(readFileSync(join(tmp.dir, '.jamjet', 'top.log'), 'utf8'));
    assert.deepEqual(sortedByExecution(transitionsOf(lines)), expected(() => true));
    assert.ok(lines.some((l) => l.event === 'source_status'), 'its own messages go to the same file');
  });

  test('[top] log_file puts the log there, relative to the config file, in text when asked', async () => {
    const dir = join(tmp.dir, 'conf');
    mkdirSync(dir);
    writeFileSync(join(dir, 'jamjet.toml'), '[logging]\nformat = "text"\n[top]\nlog_file = "logs/monitor.log"\n');
    const p = await runCli(['top', ...SOURCES, '--db', ':memory:', '--no-metrics', '--config', join(dir, 'jamjet.toml')], E2E_WAIT_MS, { cwd: tmp.dir, env: cleanEnv() });
    assert.equal(p.exit.code, 0, p.describe());
    const text = readFileSync(join(dir, 'logs', 'monitor.log'), 'utf8');
    assert.match(text, /^\S+Z INFO {2}node_completed execution_id=exec_39201bc020354816b34546bc0da7d0fb workflow_id=research_brief node_id=draft /m);
    assert.ok(!p.stdout.includes('node_completed'));
  });
});

describe('[logging] and [top] log_file: bad values exit 2 with file:line:col', { timeout: E2E_SUITE_MS }, () => {
  const tmp = tempDir('jamjet-e2e-log-config-');
  after(async () => {
    await killAll();
    tmp.remove();
  });

  const cases: Array<[string, string, RegExp]> = [
    ['[logging]\nlevel = "loud"\n', '2:9', /\[logging\] level: expected one of "debug", "info", "warn", "error", got "loud"/],
    ['[logging]\nformat = "xml"\n', '2:10', /\[logging\] format: expected one of "json", "text", got "xml"/],
    ['[logging]\nlevel = 3\n', '2:9', /\[logging\] level: expected one of/],
    ['[top]\nlog_file = 3\n', '2:12', /\[top\] log_file: expected a file path/],
    ['[top]\nlog_file = ""\n', '2:12', /\[top\] log_file: expected a file path/],
    ['logging = "json"\n', '1:11', /logging: expected a table/],
  ];
  for (const [toml, at, message] of cases) {
    test(`${JSON.stringify(toml)}: exit 2 at ${at}`, async () => {
      const file = join(tmp.dir, `bad-${at.replace(':', '-')}-${cases.findIndex((c) => c[0] === toml)}.toml`);
      writeFileSync(file, toml);
      for (const command of ['serve', 'top']) {
        const p = await runCli([command, '--config', file, '--db', ':memory:', '--no-metrics'], E2E_WAIT_MS, { cwd: tmp.dir, env: cleanEnv() });
        assert.equal(p.exit.code, 2, p.describe());
        assert.ok(p.stderr.includes(`${file}:${at}: `), p.describe());
        assert.match(p.stderr, message);
      }
    });
  }

  test('--log-level outranks [logging] level, and a bad --log-level is exit 2 naming the flag', async () => {
    const file = join(tmp.dir, 'quiet.toml');
    writeFileSync(file, '[logging]\nlevel = "error"\n');
    const p = spawnCli(['serve', '--url', fixture('model-success-run'), '--db', ':memory:', '--no-metrics', '--config', file, '--log-level', 'info'], { env: cleanEnv() });
    await p.waitForOutput('stdout', /workflow_completed/);
    await p.stop('SIGTERM');
    const bad = await runCli(['serve', '--log-level', 'loud', '--db', ':memory:', '--no-metrics'], E2E_WAIT_MS, { cwd: tmp.dir, env: cleanEnv() });
    assert.equal(bad.exit.code, 2, bad.describe());
    assert.match(bad.stderr, /--log-level: expected one of "debug", "info", "warn", "error", got "loud"/);
  });
});
