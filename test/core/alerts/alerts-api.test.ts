import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AlertEngine } from '../../../source/core/alerts/alert-engine.js';
import { alertsApiRoutes, type AlertsApiSource } from '../../../source/core/alerts/alerts-api.js';
import type { RuleGroupSpec } from '../../../source/core/alerts/rules/rule-types.js';
import type { ExposedFamily } from '../../../source/core/metrics/prom-registry.js';
import { startHttpServer, type RunningHttpServer } from '../../../source/core/server/http-server.js';
import { fakeTemplates } from '../../helpers/fake-template.js';
import { metricsRig } from '../../helpers/metrics-rig.js';

const T0 = 1_700_000_000_000;
const at = { file: 'r.yml', line: 1, column: 1 };
const groups: RuleGroupSpec[] = [{
  name: 'g', file: 'r.yml', intervalMs: undefined, limit: 0, position: at,
  rules: [{ kind: 'alert', name: 'Backlog', expr: 'jamjet_queue_depth > 2', forMs: 0, keepFiringForMs: 0, labels: {}, annotations: fakeTemplates({ summary: 'deep' }), position: at }],
}];

describe('the alerts API over a running alert engine', () => {
  let server: RunningHttpServer;
  let reloads = 0;
  let reloadAnswer: string | undefined;
  const get = async (path: string) => {
    const res = await fetch(`${server.url}${path}`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  before(async () => {
    const providers: (() => readonly ExposedFamily[])[] = [];
    const { series } = metricsRig({ families: () => providers.flatMap((p) => p()) });
    const engine = new AlertEngine({
      clock: { now: () => T0 }, inputs: { syncNow: () => undefined, series, addFamilies: (p) => providers.push(p) },
      externalLabels: {}, externalURL: 'http://top',
    });
    engine.load(groups);
    for (let s = 1; s <= 4; s++) {
      series.observeGauges(5e-7 * s, { running: 0, paused: 0, stale: 0 }, T0 + s * 1000);
      if (s === 4) series.observeGauges(9, { running: 0, paused: 0, stale: 0 }, T0 + s * 1000);
      engine.tick(T0 + s * 1000);
    }
    const source: AlertsApiSource = {
      groups: () => engine.groups(),
      query: (text, t) => engine.query(text, t),
      reload: () => (reloads++, Promise.resolve(reloadAnswer)),
      now: () => T0 + 4000,
    };
    server = await startHttpServer({
      host: '127.0.0.1', port: 0, metrics: { render: async () => ({ contentType: 'text/plain', parts: [] }) },
      health: () => ({ status: 'ok', sources: [] }), extraRoutes: alertsApiRoutes(source),
    });
  });
  after(() => server.close());

  test('GET /api/v1/alerts and /api/v1/rules answer with the engine\'s alerts and groups', async () => {
    const alerts = await get('/api/v1/alerts');
    assert.equal(alerts.status, 200);
    const list = (alerts.body.data as { alerts: { labels: Record<string, string>; state: string; value: string }[] }).alerts;
    assert.deepEqual(list.map((a) => [a.labels.alertname, a.state, a.value]), [['Backlog', 'firing', '9e+00']]);
    const rules = await get('/api/v1/rules?type=alert');
    assert.equal(((rules.body.data as { groups: { rules: unknown[] }[] }).groups[0]!.rules).length, 1);
    assert.equal((await get('/api/v1/rules?type=nonsense')).status, 400);
  });

  test('GET /api/v1/query answers an instant query in Prometheus\'s shape, at `time` when given', async () => {
    const now = await get('/api/v1/query?query=jamjet_queue_depth');
    assert.deepEqual(now.body, { status: 'success', data: { resultType: 'vector', result: [{ metric: { __name__: 'jamjet_queue_depth' }, value: [(T0 + 4000) / 1000, '9'] }] } });
    const earlier = await get(`/api/v1/query?query=jamjet_queue_depth&time=${(T0 + 2000) / 1000}`);
    assert.deepEqual((earlier.body.data as { result: { value: unknown[] }[] }).result[0]!.value, [(T0 + 2000) / 1000, '0.000001']);
    const rfc = await get(`/api/v1/query?query=scalar(jamjet_queue_depth)&time=${new Date(T0 + 3000).toISOString()}`);
    assert.deepEqual(rfc.body.data, { resultType: 'scalar', result: [(T0 + 3000) / 1000, '0.0000015'] });
  });

  test('a bad query or time is 400 bad_data saying where; an evaluation error is 422', async () => {
    const syntax = await get('/api/v1/query?query=sum(');
    assert.equal(syntax.status, 400);
    assert.equal(syntax.body.errorType, 'bad_data');
    assert.match(String(syntax.body.error), /^invalid parameter "query": 1:\d+: parse error: /);
    assert.equal((await get('/api/v1/query')).status, 400);
    const time = await get('/api/v1/query?query=1&time=yesterday');
    assert.equal(time.status, 400);
    assert.match(String(time.body.error), /invalid parameter "time"/);
    const manyToMany = await get(`/api/v1/query?query=${encodeURIComponent('(label_replace(vector(1), "a", "x", "", "") or label_replace(vector(1), "a", "y", "", "")) + on() vector(1)')}`);
    assert.equal(manyToMany.status, 422);
    assert.equal(manyToMany.body.errorType, 'execution');
  });

  test('POST /-/reload reloads, and says why when the files do not load', async () => {
    reloadAnswer = undefined;
    const okRes = await fetch(`${server.url}/-/reload`, { method: 'POST' });
    assert.equal(okRes.status, 200);
    reloadAnswer = 'r.yml:3:9: unknown function "nope"';
    const bad = await fetch(`${server.url}/-/reload`, { method: 'POST' });
    assert.equal(bad.status, 500);
    assert.match(await bad.text(), /failed to reload config: r\.yml:3:9: unknown function/);
    assert.equal(reloads, 2);
  });
});
