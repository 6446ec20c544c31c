import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RuleManager, type RuleManagerOptions } from '../../../../source/core/alerts/engine/rule-manager.js';
import type { AlertingRuleView } from '../../../../source/core/alerts/engine/rule-view.js';
import type { InstantValue, Labels, VectorSample } from '../../../../source/core/alerts/promql/types.js';
import type { AlertRuleSpec, RecordingRuleSpec, RuleGroupSpec, RuleSpec } from '../../../../source/core/alerts/rules/rule-types.js';
import { fakeTemplates } from '../../../helpers/fake-template.js';

const position = { file: 'r.yml', line: 1, column: 1 };
const alert = (name: string, expr: string, more: Partial<AlertRuleSpec> = {}): AlertRuleSpec => ({ kind: 'alert', name, expr, forMs: 0, keepFiringForMs: 0, labels: {}, annotations: {}, position, ...more });
const record = (name: string, expr: string, labels: Record<string, string> = {}): RecordingRuleSpec => ({ kind: 'record', name, expr, labels: fakeTemplates(labels), position });
const group = (name: string, rules: RuleSpec[], more: Partial<RuleGroupSpec> = {}): RuleGroupSpec => ({ name, file: 'r.yml', intervalMs: 1000, limit: 0, rules, position, ...more });
const vec = (...samples: [Labels, number][]): InstantValue => ({ type: 'vector', samples: samples.map(([labels, v]) => ({ labels, v })) });

/**
 * A manager over a function table (expr → t → value) and an in-memory sink keeping every append; `latest`
 * is each rule key's last output, and the expr `recorded:<name>` reads the latest samples named <name>.
 */
function rig(table: Record<string, (t: number) => InstantValue>, options: Partial<RuleManagerOptions> = {}) {
  const appends: { key: string; t: number; samples: readonly VectorSample[] }[] = [];
  const latest = new Map<string, readonly VectorSample[]>();
  const errors: string[] = [];
  const compile = (expr: string) => {
    const recorded = /^recorded:(.*)$/.exec(expr)?.[1];
    if (recorded !== undefined) {
      return (): InstantValue => ({ type: 'vector', samples: [...latest.values()].flat().filter((s) => s.labels.__name__ === recorded) });
    }
    const f = table[expr];
    if (f === undefined) throw new Error(`unknown expr ${expr}`);
    return f;
  };
  let clock = 0;
  const manager = new RuleManager({
    compile,
    append: (key, t, samples) => {
      appends.push({ key, t, samples });
      latest.set(key, samples);
    },
    externalLabels: { cluster: 'c1' },
    externalURL: 'http://jamjet:9090',
    defaultIntervalMs: 1000,
    onError: (key, error) => errors.push(`${key}: ${(error as Error).message}`),
    stopwatch: () => (clock += 2),
    ...options,
  });
  return { manager, appends, latest, errors };
}

const alertingView = (manager: RuleManager, groupIndex = 0, ruleIndex = 0) => manager.groups()[groupIndex]!.rules[ruleIndex] as AlertingRuleView;

test('a group first evaluates at the next multiple of its interval, at that instant, and skips missed instants', () => {
  const { manager, appends } = rig({ up: () => vec([{ __name__: 'up' }, 1]) });
  manager.load([group('g', [record('r', 'up')], { intervalMs: 1000 })], 1500);
  assert.equal(manager.nextEvaluation(), 2000);
  manager.evaluateDue(1999);
  assert.equal(appends.length, 0);
  manager.evaluateDue(2300);
  assert.deepEqual(appends.map((a) => a.t), [2000]);
  assert.equal(manager.nextEvaluation(), 3000);
  manager.evaluateDue(5500);
  assert.deepEqual(appends.map((a) => a.t), [2000, 5000]);
  assert.equal(manager.nextEvaluation(), 6000);
});

test('groups without an interval use the default; the earliest group decides nextEvaluation', () => {
  const { manager } = rig({ up: () => vec() }, { defaultIntervalMs: 15_000 });
  manager.load([group('a', [record('r', 'up')], { intervalMs: undefined }), group('b', [record('r', 'up')], { intervalMs: 4000 })], 1000);
  assert.deepEqual(manager.groups().map((g) => g.intervalMs), [15_000, 4000]);
  assert.equal(manager.nextEvaluation(), 4000);
  assert.equal(rig({}).manager.nextEvaluation(), undefined, 'nothing loaded');
});

test('a recording rule renames its result and applies its labels, and a later rule of the group reads it at the same instant', () => {
  const { manager, appends } = rig({ errors: () => vec([{ __name__: 'errors', job: 'a' }, 3]) });
  manager.load([group('g', [record('job:errors', 'errors', { team: 'x' }), alert('Many', 'recorded:job:errors')])], 0);
  manager.evaluateDue(1000); // restoring: no ALERTS yet
  manager.evaluateDue(2000);
  manager.evaluateDue(3000);
  assert.deepEqual(appends.filter((a) => a.t === 3000).map((a) => [a.key, a.samples]), [
    ['r.yml|g|0|job:errors', [{ labels: { __name__: 'job:errors', job: 'a', team: 'x' }, v: 3 }]],
    [
      'r.yml|g|1|Many',
      [
        { labels: { job: 'a', team: 'x', alertname: 'Many', __name__: 'ALERTS', alertstate: 'firing' }, v: 1 },
        { labels: { job: 'a', team: 'x', alertname: 'Many', __name__: 'ALERTS_FOR_STATE' }, v: 1 },
      ],
    ],
  ]);
  assert.deepEqual(alertingView(manager, 0, 1).alerts[0]?.activeAt, 1000, 'the alert saw the recorded series at the first evaluation');
});

test('after the first load, ALERTS are written from the third evaluation on (Prometheus restores for-state after the second); a later load writes them at once', () => {
  const { manager, appends } = rig({ up: () => vec([{ job: 'a' }, 1]) });
  manager.load([group('g', [alert('A', 'up')])], 0);
  for (const now of [1000, 2000, 3000]) manager.evaluateDue(now);
  assert.deepEqual(appends.map((a) => a.samples.length), [0, 0, 2]);
  manager.load([group('g', [alert('A', 'up')]), group('h', [alert('B', 'up')])], 3500);
  manager.evaluateDue(4000);
  assert.deepEqual(appends.slice(3).map((a) => [a.key, a.samples.length]), [['r.yml|g|0|A', 2], ['r.yml|h|0|B', 2]]);
});

test('a rule that throws is marked err with its message, writes nothing, and the group goes on with the next rule', () => {
  const { manager, appends, errors } = rig({
    bad: () => {
      throw new Error('boom');
    },
    up: () => vec([{ __name__: 'up' }, 1]),
  });
  manager.load([group('g', [record('r1', 'bad'), record('r2', 'up')])], 0);
  const before = manager.groups()[0]!.rules;
  assert.deepEqual(before.map((r) => [r.health, r.lastEvaluation]), [['unknown', undefined], ['unknown', undefined]]);
  manager.evaluateDue(1000);
  const [r1, r2] = manager.groups()[0]!.rules;
  assert.equal(r1?.health, 'err');
  assert.equal(r1?.lastError, 'boom');
  assert.equal(r2?.health, 'ok');
  assert.equal(r2?.lastError, undefined);
  assert.deepEqual(errors, ['r.yml|g|0|r1: boom']);
  assert.deepEqual(appends.map((a) => a.key), ['r.yml|g|1|r2']);
});

test('evaluation times and last evaluations come from the stopwatch and the wall clock', () => {
  const { manager } = rig({ up: () => vec() });
  manager.load([group('g', [record('r1', 'up'), record('r2', 'up')])], 0);
  manager.evaluateDue(1250);
  const view = manager.groups()[0]!;
  assert.equal(view.lastEvaluation, 1250);
  assert.deepEqual(view.rules.map((r) => r.lastEvaluation), [1252, 1256]);
  assert.deepEqual(view.rules.map((r) => r.evaluationTimeMs), [2, 2]);
  assert.equal(view.evaluationTimeMs, 10);
});

test('a reload that changes an alert\'s expression keeps its alerts when name and labels match; an unchanged group keeps its schedule', () => {
  const { manager } = rig({ a: () => vec([{ job: 'x' }, 1]), b: () => vec([{ job: 'x' }, 2]), up: () => vec() });
  const stable = group('stable', [record('r', 'up')], { intervalMs: 10_000 });
  manager.load([group('g', [alert('A', 'a', { forMs: 5000 })]), stable], 0);
  manager.evaluateDue(1000);
  manager.evaluateDue(2000);
  manager.load([group('g', [alert('A', 'b', { forMs: 5000 })]), stable], 2500);
  assert.equal(manager.nextEvaluation(), 3000);
  assert.equal(alertingView(manager).alerts[0]?.activeAt, 1000, 'state is visible right after the reload');
  manager.evaluateDue(6000);
  const [kept] = alertingView(manager).alerts;
  assert.equal(kept?.activeAt, 1000);
  assert.equal(kept?.state, 'firing');
  assert.equal(kept?.value, 2);
  assert.equal(manager.groups()[1]!.lastEvaluation, undefined, 'the stable group was not restarted: still due at 10000');
});

test('a reload that changes an alert\'s labels starts its alerts afresh', () => {
  const { manager } = rig({ a: () => vec([{ job: 'x' }, 1]) });
  manager.load([group('g', [alert('A', 'a', { forMs: 5000 })])], 0);
  manager.evaluateDue(1000);
  manager.load([group('g', [alert('A', 'a', { forMs: 5000, labels: fakeTemplates({ severity: 'page' }) })])], 1500);
  assert.deepEqual(alertingView(manager).alerts, []);
  manager.evaluateDue(2000);
  assert.equal(alertingView(manager).alerts[0]?.activeAt, 2000);
});

test('removed rules and groups get one empty append so their series go stale; kept rules do not', () => {
  const { manager, appends } = rig({ up: () => vec([{ __name__: 'up' }, 1]) });
  manager.load([group('g', [record('r1', 'up'), record('r2', 'up')]), group('gone', [record('r', 'up')])], 0);
  manager.evaluateDue(1000);
  appends.length = 0;
  manager.load([group('g', [record('r1', 'up')])], 1500);
  assert.deepEqual(appends, [
    { key: 'r.yml|g|1|r2', t: 1500, samples: [] },
    { key: 'r.yml|gone|0|r', t: 1500, samples: [] },
  ]);
});

test('an expression that fails to compile rejects the load and keeps the previous rule set', () => {
  const { manager } = rig({ up: () => vec() });
  manager.load([group('g', [record('r', 'up')])], 0);
  assert.throws(() => manager.load([group('h', [record('r', 'nope')])], 500), /unknown expr nope/);
  assert.deepEqual(manager.groups().map((g) => g.name), ['g']);
});

test('firing alerts are returned when they fire and again each resend delay, with external labels; resolutions at once', () => {
  let on = true;
  const { manager } = rig({ a: () => (on ? vec([{ job: 'x' }, 1]) : vec()) }, { resendDelayMs: 3000 });
  manager.load([group('g', [alert('A', 'a', { forMs: 1000, annotations: fakeTemplates({ s: 'job {{ $labels.job }}' }) })])], 0);
  const sent = (now: number) => manager.evaluateDue(now);
  assert.deepEqual(sent(1000), [], 'pending');
  assert.deepEqual(sent(2000), [
    { labels: { alertname: 'A', cluster: 'c1', job: 'x' }, annotations: { s: 'job x' }, startsAt: 2000, endsAt: 2000 + 4 * 3000, generatorURL: 'http://jamjet:9090/graph?g0.expr=a&g0.tab=1' },
  ]);
  assert.deepEqual(sent(3000), []);
  assert.deepEqual(sent(5000), [], 'exactly the resend delay later is not yet');
  assert.equal(sent(6000).length, 1);
  on = false;
  const [resolved] = sent(7000);
  assert.equal(resolved?.endsAt, 7000);
  assert.equal(resolved?.startsAt, 2000);
  assert.equal(alertingView(manager).alerts[0]?.state, 'inactive');
  assert.deepEqual(sent(8000), []);
});

test('limit: an alerting rule over it errs and holds no alerts; a recording rule over it errs and writes nothing', () => {
  const { manager, appends } = rig({ two: () => vec([{ __name__: 'm', job: 'x' }, 1], [{ __name__: 'm', job: 'y' }, 1]) });
  manager.load([group('g', [alert('A', 'two'), record('r', 'two')], { limit: 1 })], 0);
  manager.evaluateDue(1000);
  const [a, r] = manager.groups()[0]!.rules;
  assert.equal(a?.lastError, 'exceeded limit of 1 with 2 alerts');
  assert.deepEqual((a as AlertingRuleView).alerts, []);
  assert.equal(r?.lastError, 'exceeded limit of 1 with 2 series');
  assert.equal(appends.length, 0);
});
