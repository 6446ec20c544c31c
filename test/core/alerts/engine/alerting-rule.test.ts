import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AlertingRule, RESOLVED_RETENTION_MS } from '../../../../source/core/alerts/engine/alerting-rule.js';
import type { InstantValue, Labels } from '../../../../source/core/alerts/promql/types.js';
import type { AlertRuleSpec } from '../../../../source/core/alerts/rules/rule-types.js';
import { fakeTemplates } from '../../../helpers/fake-template.js';

function spec(overrides: Partial<AlertRuleSpec> = {}): AlertRuleSpec {
  return {
    kind: 'alert',
    name: 'HighErrors',
    expr: 'errors > 1',
    forMs: 0,
    keepFiringForMs: 0,
    labels: {},
    annotations: {},
    position: { file: 'r.yml', line: 1, column: 1 },
    ...overrides,
  };
}

const context = { externalLabels: { cluster: 'c1' }, externalURL: 'http://prom' };
const vec = (...samples: [Labels, number][]): InstantValue => ({ type: 'vector', samples: samples.map(([labels, v]) => ({ labels, v })) });
const one = (v = 5): InstantValue => vec([{ __name__: 'errors', job: 'a' }, v]);
const none: InstantValue = vec();
const only = (rule: AlertingRule) => {
  assert.equal(rule.active.size, 1);
  return [...rule.active.values()][0]!;
};

test('an alert with for: 0 fires at its first evaluation', () => {
  const rule = new AlertingRule(spec(), context);
  rule.evaluate(1000, one(), 0, true);
  const alert = only(rule);
  assert.equal(alert.state, 'firing');
  assert.equal(alert.activeAt, 1000);
  assert.equal(alert.firedAt, 1000);
  assert.deepEqual(alert.labels, { job: 'a', alertname: 'HighErrors' });
});

test('an alert stays pending until activeAt + for, then fires; a pending alert that vanishes is dropped', () => {
  const rule = new AlertingRule(spec({ forMs: 3000 }), context);
  rule.evaluate(1000, one(), 0, true);
  rule.evaluate(3000, one(), 0, true);
  assert.equal(only(rule).state, 'pending');
  rule.evaluate(4000, one(7), 0, true);
  assert.equal(only(rule).state, 'firing');
  assert.equal(only(rule).firedAt, 4000);
  assert.equal(only(rule).value, 7);

  const other = new AlertingRule(spec({ forMs: 3000 }), context);
  other.evaluate(1000, one(), 0, true);
  other.evaluate(2000, none, 0, true);
  assert.equal(other.active.size, 0);
  assert.equal(other.state(), 'inactive');
});

test('a firing alert whose series vanishes resolves, is kept 15 minutes, then dropped; a return starts a new alert', () => {
  const rule = new AlertingRule(spec(), context);
  rule.evaluate(1000, one(), 0, true);
  rule.evaluate(2000, none, 0, true);
  assert.equal(only(rule).state, 'inactive');
  assert.equal(only(rule).resolvedAt, 2000);
  rule.evaluate(2000 + RESOLVED_RETENTION_MS, none, 0, true);
  assert.equal(rule.active.size, 1, 'kept while exactly at the retention');
  rule.evaluate(2001 + RESOLVED_RETENTION_MS, none, 0, true);
  assert.equal(rule.active.size, 0);

  const back = new AlertingRule(spec({ forMs: 1000 }), context);
  back.evaluate(1000, one(), 0, true);
  back.evaluate(2000, one(), 0, true);
  back.evaluate(3000, none, 0, true);
  back.evaluate(4000, one(), 0, true);
  assert.equal(only(back).state, 'pending');
  assert.equal(only(back).activeAt, 4000);
  assert.equal(only(back).resolvedAt, undefined);
});

test('keep_firing_for holds a firing alert after its series vanishes, then resolves it; a return resets the clock', () => {
  const rule = new AlertingRule(spec({ keepFiringForMs: 2000 }), context);
  rule.evaluate(1000, one(), 0, true);
  const out = rule.evaluate(2000, none, 0, true);
  assert.equal(only(rule).state, 'firing');
  assert.equal(only(rule).keepFiringSince, 2000);
  assert.equal(out.length, 2, 'a kept alert still writes its series');
  rule.evaluate(3000, none, 0, true);
  assert.equal(only(rule).state, 'firing');
  rule.evaluate(4000, none, 0, true);
  assert.equal(only(rule).state, 'inactive');
  assert.equal(only(rule).resolvedAt, 4000);

  const reset = new AlertingRule(spec({ keepFiringForMs: 2000 }), context);
  reset.evaluate(1000, one(), 0, true);
  reset.evaluate(2000, none, 0, true);
  reset.evaluate(3000, one(), 0, true);
  assert.equal(only(reset).keepFiringSince, undefined);
  reset.evaluate(4000, none, 0, true);
  reset.evaluate(5000, none, 0, true);
  assert.equal(only(reset).state, 'firing', 'the clock restarted at 4000');
});

test('keep_firing_for does not hold a pending alert', () => {
  const rule = new AlertingRule(spec({ forMs: 5000, keepFiringForMs: 2000 }), context);
  rule.evaluate(1000, one(), 0, true);
  rule.evaluate(2000, none, 0, true);
  assert.equal(rule.active.size, 0);
});

test('writes ALERTS and ALERTS_FOR_STATE with the rule labels as written under the templated ones, and none before restore', () => {
  const rule = new AlertingRule(spec({ forMs: 5000, labels: fakeTemplates({ severity: 'page', team: '{{ $labels.job }}-team' }) }), context);
  assert.deepEqual(rule.evaluate(1500, one(), 0, false), []);
  const out = rule.evaluate(2500, one(), 0, true);
  assert.deepEqual(out, [
    { labels: { severity: 'page', team: 'a-team', job: 'a', alertname: 'HighErrors', __name__: 'ALERTS', alertstate: 'pending' }, v: 1 },
    { labels: { severity: 'page', team: 'a-team', job: 'a', alertname: 'HighErrors', __name__: 'ALERTS_FOR_STATE' }, v: 1 },
  ]);
});

test('templates see $labels (with __name__), $value, external labels and URL; a failing template becomes its error text', () => {
  const rule = new AlertingRule(
    spec({
      labels: fakeTemplates({ instance: '{{ $labels.job }}', gone: '{{ $labels.nothing }}' }),
      annotations: fakeTemplates({ summary: '{{ $labels.__name__ }} is {{ $value }} in {{ $externalLabels.cluster }}', url: '{{ $externalURL }}', bad: 'x {{ fail }}' }),
    }),
    context,
  );
  rule.evaluate(1000, one(2.5), 0, true);
  const alert = only(rule);
  assert.deepEqual(alert.labels, { job: 'a', instance: 'a', alertname: 'HighErrors' }, 'an empty expansion removes the label');
  assert.deepEqual(alert.annotations, {
    summary: 'errors is 2.5 in c1',
    url: 'http://prom',
    bad: '<error expanding template: template: __alert_x:1:2: executing "x" at <fail>: boom>',
  });
  rule.evaluate(2000, one(9), 0, true);
  assert.equal(only(rule).annotations.summary, 'errors is 9 in c1', 'annotations follow the value');
});

test('series that collide once labels are applied are an evaluation error that leaves the state alone', () => {
  const rule = new AlertingRule(spec({ labels: fakeTemplates({ job: 'same' }) }), context);
  assert.throws(
    () => rule.evaluate(1000, vec([{ job: 'a' }, 1], [{ job: 'b' }, 2]), 0, true),
    { message: 'vector contains metrics with the same labelset after applying alert labels' },
  );
  assert.equal(rule.active.size, 0);
});

test('more active alerts than the limit is an error and clears every alert; at the limit is fine', () => {
  const rule = new AlertingRule(spec(), context);
  const two = vec([{ job: 'a' }, 1], [{ job: 'b' }, 2]);
  assert.equal(rule.evaluate(1000, two, 2, true).length, 4);
  assert.throws(() => rule.evaluate(2000, two, 1, true), { message: 'exceeded limit of 1 with 2 alerts' });
  assert.equal(rule.active.size, 0);
  rule.evaluate(3000, vec([{ job: 'a' }, 1]), 1, true);
  assert.equal(only(rule).activeAt, 3000, 'a new alert after the clear');
});

test('a scalar result is one alert without series labels; a string result is an error', () => {
  const rule = new AlertingRule(spec(), context);
  rule.evaluate(1000, { type: 'scalar', v: 3 }, 0, true);
  assert.deepEqual(only(rule).labels, { alertname: 'HighErrors' });
  assert.throws(() => rule.evaluate(2000, { type: 'string', v: 'x' }, 0, true), { message: 'rule result is not a vector or scalar' });
});

test('state() is the highest state among the alerts', () => {
  const rule = new AlertingRule(spec({ forMs: 1000 }), context);
  rule.evaluate(1000, vec([{ job: 'a' }, 1]), 0, true);
  assert.equal(rule.state(), 'pending');
  rule.evaluate(2000, vec([{ job: 'a' }, 1], [{ job: 'b' }, 1]), 0, true);
  assert.equal(rule.state(), 'firing');
});
