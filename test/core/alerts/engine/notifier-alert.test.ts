import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alertsToSend, generatorURL, type SendContext } from '../../../../source/core/alerts/engine/notifier-alert.js';
import type { RuleAlert } from '../../../../source/core/alerts/engine/rule-alert.js';

const context: SendContext = { expr: 'rate(x[5m]) > 0', externalURL: 'http://prom:9090', externalLabels: { cluster: 'c1', job: 'ext' }, resendDelayMs: 60_000, intervalMs: 1000 };
const firing = (): RuleAlert => ({ state: 'firing', labels: { alertname: 'A', job: 'j' }, annotations: { s: 'x' }, value: 1, activeAt: 500, firedAt: 1000 });

test('a firing alert is sent at once, then again only once the resend delay has strictly passed', () => {
  const alert = firing();
  assert.deepEqual(alertsToSend([alert], 1000, context), [
    {
      labels: { alertname: 'A', cluster: 'c1', job: 'j' },
      annotations: { s: 'x' },
      startsAt: 1000,
      endsAt: 1000 + 4 * 60_000,
      generatorURL: 'http://prom:9090/graph?g0.expr=rate%28x%5B5m%5D%29+%3E+0&g0.tab=1',
    },
  ]);
  assert.deepEqual(alertsToSend([alert], 61_000, context), []);
  assert.equal(alertsToSend([alert], 61_001, context).length, 1);
});

test('validity uses the group interval when it is longer than the resend delay', () => {
  const [sent] = alertsToSend([firing()], 1000, { ...context, intervalMs: 120_000 });
  assert.equal(sent?.endsAt, 1000 + 4 * 120_000);
});

test('a pending alert is never sent', () => {
  assert.deepEqual(alertsToSend([{ ...firing(), state: 'pending', firedAt: undefined }], 1000, context), []);
});

test('a resolved alert is sent at once with endsAt = resolvedAt, then once per resend delay', () => {
  const alert = firing();
  alertsToSend([alert], 1000, context);
  alert.state = 'inactive';
  alert.resolvedAt = 2000;
  const [sent] = alertsToSend([alert], 2000, context);
  assert.equal(sent?.endsAt, 2000);
  assert.equal(sent?.startsAt, 1000);
  assert.deepEqual(alertsToSend([alert], 3000, context), []);
  assert.equal(alertsToSend([alert], 62_001, context)[0]?.endsAt, 2000);
});

test('the generator URL escapes as Go url.QueryEscape does', () => {
  assert.equal(generatorURL('', `a{b="c d"} * (1) != 'e'~`), "/graph?g0.expr=a%7Bb%3D%22c+d%22%7D+%2A+%281%29+%21%3D+%27e%27~&g0.tab=1");
});
