// jamjet serve delivering to a real Alertmanager (Debian's prometheus-alertmanager, on loopback with its
// own data dir): an alert that fires in serve appears in Alertmanager's GET /api/v2/alerts, and leaves it
// when it resolves in serve.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { startAlertmanager, type RunningAlertmanager } from '../helpers/alertmanager.js';
import { E2E_WAIT_MS, E2E_SUITE_MS, killAll, startServeProcess, startSimProcess, waitFor, type ServeProcess } from '../helpers/e2e-process.js';

const RULES = fileURLToPath(new URL('../../../test/fixtures/rules/e2e-alertmanager.yml', import.meta.url));

interface AmAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  generatorURL?: string;
  status: { state: string };
}

describe('jamjet serve sending to a real Alertmanager', { timeout: E2E_SUITE_MS }, () => {
  let am: RunningAlertmanager | undefined;
  let serve: ServeProcess | undefined;

  after(async () => {
    await killAll();
    await am?.stop();
  });

  test('an alert that fires in serve is active in Alertmanager, and leaves it when it resolves', async () => {
    am = await startAlertmanager();
    const sim = await startSimProcess(['--seed', '5', '--executions', '12', '--rate', '4', '--speed', '4']);
    serve = await startServeProcess(['--db', ':memory:', '--metrics-port', '0', '--rules', RULES, '--url', sim.wsUrl, '--alertmanager-url', am.url]);
    const ours = async () => ((await (await fetch(`${serve!.metricsUrl}/api/v1/alerts`)).json()) as { data: { alerts: { state: string }[] } }).data.alerts;
    const theirs = async () => ((await am!.alerts()) as AmAlert[]).filter((a) => a.labels.alertname === 'ExecutionsEnding');

    await waitFor('serve to fire ExecutionsEnding', E2E_WAIT_MS, async () => ((await ours()).some((a) => a.state === 'firing') ? true : undefined));
    const [received] = await waitFor('Alertmanager to hold the alert', E2E_WAIT_MS, async () => {
      const list = await theirs();
      return list.length === 1 ? list : undefined;
    });
    assert.equal(received!.status.state, 'active');
    assert.deepEqual(received!.labels, { alertname: 'ExecutionsEnding', severity: 'page' });
    assert.match(received!.annotations.summary!, /^executions are ending at \d+\.\d\/s$/);
    assert.ok(received!.generatorURL?.startsWith(`${serve.metricsUrl}/graph?g0.expr=`), `generatorURL ${received!.generatorURL}`);

    // The workload ends; five seconds later nothing has ended in the window and the rule resolves.
    await waitFor('serve to resolve ExecutionsEnding', E2E_WAIT_MS * 2, async () => ((await ours()).length === 0 ? true : undefined));
    await waitFor('Alertmanager to see it resolved', E2E_WAIT_MS, async () => ((await theirs()).length === 0 ? true : undefined));
    const metrics = await (await fetch(`${serve.metricsUrl}/metrics`)).text();
    const sent = /^jamjet_top_notifications_sent_total\{alertmanager="([^"]+)"\} (\d+)$/m.exec(metrics);
    assert.ok(sent && Number(sent[2]) >= 2, `the firing and the resolved alert were counted as sent: ${sent?.[0]}`);
    assert.match(metrics, /^jamjet_top_notifications_dropped_total\{alertmanager="[^"]+"\} 0$/m);
  });
});
