// The notifier against a real Alertmanager (Debian's prometheus-alertmanager, on loopback with its own
// data dir): an alert it sends as firing is listed by Alertmanager's own API as active, with its labels
// and annotations; the same alert sent resolved (endsAt = now) leaves the list of unresolved alerts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { systemClock } from '../../source/core/clock.js';
import type { NotifierAlert } from '../../source/core/alerts/engine/notifier-alert.js';
import { AlertmanagerNotifier } from '../../source/core/alerts/notify/alertmanager-notifier.js';
import { startAlertmanager, type RunningAlertmanager } from '../helpers/alertmanager.js';
import { E2E_SUITE_MS, E2E_WAIT_MS, killAll, waitFor } from '../helpers/e2e-process.js';

/** What GET /api/v2/alerts returns per alert (Alertmanager's GettableAlert), the fields checked here. */
interface GettableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  generatorURL?: string;
  status: { state: string };
}

describe('AlertmanagerNotifier with a real Alertmanager', { timeout: E2E_SUITE_MS }, () => {
  let am: RunningAlertmanager | undefined;
  let notifier: AlertmanagerNotifier;
  const errors: string[] = [];

  before(async () => {
    am = await startAlertmanager();
    notifier = new AlertmanagerNotifier({
      urls: [am.url],
      clock: systemClock(),
      externalLabels: { monitor: 'jamjet-top-e2e' },
      onError: (url, error) => errors.push(`${url}: ${error}`),
    });
  });

  after(async () => {
    await notifier?.close(0);
    await am?.stop();
    await killAll();
  });

  const startsAt = Date.now() - 60_000;
  const firing: NotifierAlert = {
    labels: { alertname: 'JamjetE2EFiring', severity: 'warning', workflow_id: 'wf-7' },
    annotations: { summary: 'Error rate of wf-7 is 12%', runbook_url: 'https://example.invalid/runbook' },
    startsAt,
    // As the rule engine sends a firing alert: endsAt a few resend intervals ahead.
    endsAt: Date.now() + 4 * 60_000,
    generatorURL: 'http://127.0.0.1:9464/graph?g0.expr=up',
  };
  const ours = (list: unknown[]): GettableAlert | undefined =>
    (list as GettableAlert[]).find((a) => a.labels.alertname === firing.labels.alertname);

  test('a firing alert appears in GET /api/v2/alerts, active, with its labels and annotations', async () => {
    notifier.send([firing]);
    const listed = await waitFor(() => `the alert in Alertmanager (errors: ${errors.join('; ')})`, E2E_WAIT_MS, async () => ours(await am!.alerts()));
    assert.deepEqual(listed.labels, { ...firing.labels, monitor: 'jamjet-top-e2e' });
    assert.deepEqual(listed.annotations, firing.annotations);
    assert.equal(listed.status.state, 'active');
    assert.equal(Date.parse(listed.startsAt), startsAt);
    assert.equal(listed.generatorURL, firing.generatorURL);
    // Alertmanager may list the alert before the notifier has read its reply and counted the send.
    await waitFor(() => `the send counted (stats ${JSON.stringify(notifier.stats())})`, E2E_WAIT_MS, () => (notifier.stats().alertmanagers[0]!.sentTotal === 1 ? true : undefined));
  });

  test('the same alert sent resolved (endsAt = now) leaves the unresolved alerts', async () => {
    notifier.send([{ ...firing, endsAt: Date.now() }]);
    await waitFor(() => `the alert to resolve in Alertmanager (errors: ${errors.join('; ')})`, E2E_WAIT_MS, async () => (ours(await am!.alerts()) === undefined ? true : undefined));
    await waitFor(() => `the second send counted (stats ${JSON.stringify(notifier.stats())})`, E2E_WAIT_MS, () => (notifier.stats().alertmanagers[0]!.sentTotal === 2 ? true : undefined));
    assert.deepEqual(errors, []);
  });
});
