import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alertsResponse, rulesResponse } from '../../../../source/core/alerts/engine/api-shapes.js';
import type { RuleGroupView } from '../../../../source/core/alerts/engine/rule-view.js';

const T = Date.UTC(2026, 11, 5, 8, 4, 49);

// The views of a group like the one a real Prometheus 2.42 answered for in the shapes below (captured
// from `prometheus` with the same rules; times differ, and ours stop at the µs).
const groups: RuleGroupView[] = [
  {
    name: 'g',
    file: 'rules.yml',
    intervalMs: 1000,
    limit: 0,
    lastEvaluation: T + 633.418,
    evaluationTimeMs: 8.472573,
    rules: [
      { type: 'recording', name: 'job:x', query: 'vector(0.5)', labels: {}, health: 'ok', lastEvaluation: T + 633.5367, evaluationTimeMs: 3.163851 },
      {
        type: 'alerting',
        state: 'firing',
        name: 'A',
        query: 'vector(123.25) > 1',
        forMs: 0,
        keepFiringForMs: 0,
        labels: { severity: 'page', t: '{{ $value }}' },
        annotations: { s: 'v={{ $value }}' },
        alerts: [
          { labels: { alertname: 'A', severity: 'page', t: '123.25' }, annotations: { s: 'v=123.25' }, state: 'firing', activeAt: T, firedAt: T, value: 123.25 },
          { labels: { alertname: 'A', severity: 'page', t: '2' }, annotations: { s: 'v=2' }, state: 'inactive', activeAt: T - 60_000, firedAt: T - 60_000, resolvedAt: T - 1000, value: 2 },
        ],
        health: 'ok',
        lastEvaluation: T + 636.70805,
        evaluationTimeMs: 5.053436,
      },
      {
        type: 'alerting',
        state: 'firing',
        name: 'P',
        query: 'vector(1)',
        forMs: 3_600_000,
        keepFiringForMs: 300_000,
        labels: {},
        annotations: {},
        alerts: [{ labels: { alertname: 'P' }, annotations: {}, state: 'firing', activeAt: T, firedAt: T, keepFiringSince: T + 1500, value: 1 }],
        health: 'err',
        lastError: 'exceeded limit of 1 with 2 alerts',
        evaluationTimeMs: 0,
      },
    ],
  },
];

const alertA = { labels: { alertname: 'A', severity: 'page', t: '123.25' }, annotations: { s: 'v=123.25' }, state: 'firing', activeAt: '2026-12-05T08:04:49Z', value: '1.2325e+02' };
const alertP = { labels: { alertname: 'P' }, annotations: {}, state: 'firing', activeAt: '2026-12-05T08:04:49Z', keepFiringSince: '2026-12-05T08:04:50.5Z', value: '1e+00' };
const recording = { name: 'job:x', query: 'vector(0.5)', health: 'ok', evaluationTime: 0.003163851, lastEvaluation: '2026-12-05T08:04:49.633537Z', type: 'recording' };

test('/api/v1/alerts lists the unresolved alerts with Go-formatted times and values, keepFiringSince only when set', () => {
  const answer = alertsResponse(groups);
  assert.equal(answer.status, 200);
  assert.equal(JSON.stringify(answer.body), JSON.stringify({ status: 'success', data: { alerts: [alertA, alertP] } }));
});

test('/api/v1/rules has Prometheus\'s fields in its order: seconds, keepFiringFor always, lastError only when set, no labels on a recording rule without any', () => {
  const answer = rulesResponse(groups);
  assert.equal(answer.status, 200);
  const expected = {
    status: 'success',
    data: {
      groups: [
        {
          name: 'g',
          file: 'rules.yml',
          rules: [
            recording,
            {
              state: 'firing', name: 'A', query: 'vector(123.25) > 1', duration: 0, keepFiringFor: 0,
              labels: { severity: 'page', t: '{{ $value }}' }, annotations: { s: 'v={{ $value }}' }, alerts: [alertA],
              health: 'ok', evaluationTime: 0.005053436, lastEvaluation: '2026-12-05T08:04:49.636708Z', type: 'alerting',
            },
            {
              state: 'firing', name: 'P', query: 'vector(1)', duration: 3600, keepFiringFor: 300, labels: {}, annotations: {}, alerts: [alertP],
              health: 'err', lastError: 'exceeded limit of 1 with 2 alerts', evaluationTime: 0, lastEvaluation: '0001-01-01T00:00:00Z', type: 'alerting',
            },
          ],
          interval: 1,
          limit: 0,
          evaluationTime: 0.008472573,
          lastEvaluation: '2026-12-05T08:04:49.633418Z',
        },
      ],
    },
  };
  assert.equal(JSON.stringify(answer.body), JSON.stringify(expected));
});

test('/api/v1/rules?type= filters case-insensitively and keeps groups whose rules are all filtered out', () => {
  const ruleNames = (type: string) => (rulesResponse(groups, type).body as { data: { groups: { rules: { name: string }[] }[] } }).data.groups.map((g) => g.rules.map((r) => r.name));
  assert.deepEqual(ruleNames('RECORD'), [['job:x']]);
  assert.deepEqual(ruleNames('alert'), [['A', 'P']]);
  assert.deepEqual(ruleNames(''), [['job:x', 'A', 'P']]);
  const recordingLabels = rulesResponse([{ ...groups[0]!, rules: [{ ...groups[0]!.rules[0]!, labels: { team: 'x' } }] }], 'record').body;
  assert.deepEqual((recordingLabels as { data: { groups: { rules: { labels?: object }[] }[] } }).data.groups[0]?.rules[0]?.labels, { team: 'x' });
});

test('/api/v1/rules with any other type is Prometheus\'s 400 bad_data', () => {
  assert.deepEqual(rulesResponse(groups, 'Foo'), {
    status: 400,
    body: { status: 'error', errorType: 'bad_data', error: 'invalid parameter "type": not supported value "foo"' },
  });
});
