import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AlertEngine, type AlertSender } from '../../../source/core/alerts/alert-engine.js';
import type { NotifierAlert } from '../../../source/core/alerts/engine/notifier-alert.js';
import type { RuleGroupSpec, RuleSpec } from '../../../source/core/alerts/rules/rule-types.js';
import type { ExposedFamily } from '../../../source/core/metrics/prom-registry.js';
import { fakeTemplates } from '../../helpers/fake-template.js';
import { metricsRig } from '../../helpers/metrics-rig.js';

const T0 = 1_700_000_000_000;
const STATES = { running: 0, paused: 0, stale: 0 };
const at = { file: 'r.yml', line: 1, column: 1 };

function alert(name: string, expr: string, forMs = 0, annotations: Record<string, string> = {}): RuleSpec {
  return { kind: 'alert', name, expr, forMs, keepFiringForMs: 0, labels: fakeTemplates({ severity: 'page' }), annotations: fakeTemplates(annotations), position: at };
}
const record = (name: string, expr: string): RuleSpec => ({ kind: 'record', name, expr, labels: {}, position: at });
const group = (rules: RuleSpec[], name = 'g'): RuleGroupSpec => ({ name, file: 'r.yml', intervalMs: undefined, limit: 0, rules, position: at });

/** An engine over a real series store and registry, with the sender recording what it was handed. */
function rig() {
  const providers: (() => readonly ExposedFamily[])[] = [];
  const { series, prom } = metricsRig({ families: () => providers.flatMap((p) => p()) });
  const sent: NotifierAlert[][] = [];
  const sender: AlertSender = { send: (alerts) => sent.push([...alerts]), families: () => [], close: () => Promise.resolve() };
  let now = T0;
  const engine = new AlertEngine({
    clock: { now: () => now },
    inputs: { syncNow: () => undefined, series, addFamilies: (p) => providers.push(p) },
    externalLabels: { env: 'test' },
    externalURL: 'http://top:9090',
    sender,
  });
  const depth = (d: number) => series.observeGauges(d, STATES, now);
  const tickTo = (t: number) => {
    now = t;
    engine.tick(t);
  };
  return { engine, prom, sent, depth, tickTo };
}

describe('AlertEngine', () => {
  test('appends the series as a scrape shows them each tick, so a query reads the value of that instant', () => {
    const r = rig();
    r.engine.load([]);
    r.depth(7);
    r.tickTo(T0 + 1_000);
    r.depth(3);
    r.tickTo(T0 + 2_000);
    const now = r.engine.query('jamjet_queue_depth', T0 + 2_000);
    assert.deepEqual(now, { type: 'vector', samples: [{ labels: { __name__: 'jamjet_queue_depth' }, v: 3 }] });
    const before = r.engine.query('jamjet_queue_depth', T0 + 1_500);
    assert.equal(before.type === 'vector' && before.samples[0]?.v, 7);
    assert.throws(() => r.engine.query('rate(', T0), /PromQL|parse|unexpected/i);
  });

  test('an alert goes pending, fires after its for, is sent, shows on /metrics and in the view, then resolves', async () => {
    const r = rig();
    r.engine.load([group([alert('Backlog', 'jamjet_queue_depth > 2', 2_000, { summary: 'depth {{ $value }}' })])]);
    r.depth(5);
    const seen: string[] = [];
    for (let s = 1; s <= 6; s++) {
      r.tickTo(T0 + s * 1_000);
      seen.push(r.engine.view().alerts.map((a) => a.state).join(',') || 'none');
    }
    assert.deepEqual(seen.slice(0, 3), ['pending', 'pending', 'firing'], `states each second: ${seen.join(' ')}`);
    const view = r.engine.view();
    assert.equal(view.firing, 1);
    assert.deepEqual(view.alerts[0]!.labels, { severity: 'page' });
    assert.equal(view.alerts[0]!.summary, 'depth 5');
    assert.equal(view.alerts[0]!.activeAt, T0 + 1_000);
    const firingSent = r.sent.flat().find((a) => a.endsAt > T0 + 6_000);
    assert.ok(firingSent, 'the firing alert was handed to the sender');
    assert.deepEqual(firingSent.labels, { alertname: 'Backlog', severity: 'page', env: 'test' });
    assert.match(firingSent.generatorURL, /^http:\/\/top:9090\/graph\?g0\.expr=/);
    const body = (await r.prom.render(false)).body;
    assert.match(body, /^ALERTS\{alertname="Backlog",alertstate="firing",severity="page"\} 1$/m);
    assert.match(body, new RegExp(`^ALERTS_FOR_STATE\\{alertname="Backlog",severity="page"\\} ${(T0 + 1_000) / 1000}$`, 'm'));
    r.sent.length = 0;
    r.depth(0);
    r.tickTo(T0 + 7_000);
    assert.equal(r.engine.view().alerts.length, 0);
    const resolved = r.sent.flat().find((a) => a.labels.alertname === 'Backlog');
    assert.ok(resolved && resolved.endsAt === T0 + 7_000, 'the resolution was sent with endsAt = now');
    assert.doesNotMatch((await r.prom.render(false)).body, /^ALERTS\{/m);
  });

  test('a recording rule\'s series is queryable by later rules and exposed on /metrics', async () => {
    const r = rig();
    r.engine.load([group([record('jamjet:queue_depth:doubled', 'jamjet_queue_depth * 2'), alert('Doubled', 'jamjet:queue_depth:doubled > 5')])]);
    r.depth(4);
    for (let s = 1; s <= 3; s++) r.tickTo(T0 + s * 1_000);
    assert.match((await r.prom.render(false)).body, /^jamjet:queue_depth:doubled 8$/m);
    assert.equal(r.engine.view().firing, 1);
    assert.equal(r.engine.view().rules, 2);
  });

  test('a reload with a bad expression throws and the running rules stay', () => {
    const r = rig();
    r.engine.load([group([alert('Backlog', 'jamjet_queue_depth > 2')])]);
    assert.throws(() => r.engine.load([group([alert('Bad', 'sum(')])]));
    assert.deepEqual(r.engine.groups().flatMap((g) => g.rules.map((x) => x.name)), ['Backlog']);
  });

  test('the sample store keeps at least as long as the longest range a rule reads', () => {
    const r = rig();
    r.engine.load([group([alert('Slow', 'rate(jamjet_queue_depth[2h]) > 0')])]);
    r.depth(1);
    r.tickTo(T0 + 1_000);
    r.tickTo(T0 + 1_000 + 90 * 60_000);
    const v = r.engine.query('count_over_time(jamjet_queue_depth[2h])', T0 + 1_000 + 90 * 60_000);
    assert.equal(v.type === 'vector' && v.samples[0]?.v, 2, 'the sample 90 minutes back is still there');
  });
});
