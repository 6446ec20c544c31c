import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock, systemClock } from '../../../../source/core/clock.js';
import type { NotifierAlert } from '../../../../source/core/alerts/engine/notifier-alert.js';
import { AlertmanagerNotifier } from '../../../../source/core/alerts/notify/alertmanager-notifier.js';
import { startFakeAlertmanager, type FakeAlertmanager } from '../../../helpers/fake-alertmanager.js';
import { freePort, waitFor } from '../../../helpers/e2e-process.js';

/** Bound of every condition wait: generous, a loaded machine may be slow. */
const WAIT_MS = 30_000;

const T0 = Date.UTC(2026, 0, 2, 3, 4, 5, 678);

function alert(name: string, endsAt = 0): NotifierAlert {
  return { labels: { alertname: name, severity: 'page' }, annotations: { summary: `${name} is on fire` }, startsAt: T0, endsAt, generatorURL: `http://top:9464/graph?g0.expr=${name}` };
}
const alerts = (n: number, prefix = 'A'): NotifierAlert[] => Array.from({ length: n }, (_, i) => alert(`${prefix}${i}`));

/** Lets pending promise continuations and I/O callbacks run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Real fetch, counting calls as they start (the server sees them later). */
function countingFetch(): { fetch: typeof fetch; calls: () => number } {
  let calls = 0;
  return { fetch: (input, init) => (calls++, fetch(input, init)), calls: () => calls };
}

describe('AlertmanagerNotifier', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });
  async function fakeAm(port = 0): Promise<FakeAlertmanager> {
    const am = await startFakeAlertmanager(port);
    cleanup.push(() => am.close());
    return am;
  }
  function notifier(opts: ConstructorParameters<typeof AlertmanagerNotifier>[0]): AlertmanagerNotifier {
    const n = new AlertmanagerNotifier(opts);
    cleanup.push(() => n.close(0));
    return n;
  }

  test('POSTs the v2 body to /api/v2/alerts: labels, annotations, RFC 3339 times, generatorURL', async () => {
    const am = await fakeAm();
    const n = notifier({ urls: [am.url], clock: systemClock() });
    n.send([alert('Firing'), alert('Resolved', T0 + 60_000)]);
    await waitFor('one POST', WAIT_MS, () => (n.stats().alertmanagers[0]!.sentTotal === 2 ? true : undefined));
    assert.equal(am.posts.length, 1);
    const post = am.posts[0]!;
    assert.equal(post.method, 'POST');
    assert.equal(post.path, '/api/v2/alerts');
    assert.equal(post.headers['content-type'], 'application/json');
    assert.deepEqual(post.body, [
      {
        labels: { alertname: 'Firing', severity: 'page' },
        annotations: { summary: 'Firing is on fire' },
        startsAt: '2026-01-02T03:04:05.678Z',
        generatorURL: 'http://top:9464/graph?g0.expr=Firing',
      },
      {
        labels: { alertname: 'Resolved', severity: 'page' },
        annotations: { summary: 'Resolved is on fire' },
        startsAt: '2026-01-02T03:04:05.678Z',
        endsAt: '2026-01-02T03:05:05.678Z',
        generatorURL: 'http://top:9464/graph?g0.expr=Resolved',
      },
    ]);
  });

  test('adds external labels an alert lacks, the alert\'s own value winning', async () => {
    const am = await fakeAm();
    const n = notifier({ urls: [am.url], clock: systemClock(), externalLabels: { cluster: 'eu-1', severity: 'ticket' } });
    n.send([alert('X')]);
    await waitFor('one POST', WAIT_MS, () => (am.posts.length === 1 ? true : undefined));
    assert.deepEqual((am.posts[0]!.body as { labels: unknown }[])[0]!.labels, { alertname: 'X', severity: 'page', cluster: 'eu-1' });
  });

  test('sends batches of maxBatchSize, in order', async () => {
    const am = await fakeAm();
    const n = notifier({ urls: [am.url], clock: systemClock() });
    const sent = alerts(150);
    n.send(sent);
    await waitFor('150 alerts delivered', WAIT_MS, () => (n.stats().alertmanagers[0]!.sentTotal === 150 ? true : undefined));
    assert.deepEqual(am.posts.map((p) => (p.body as unknown[]).length), [64, 64, 22]);
    assert.deepEqual(am.alertnames(), sent.map((a) => a.labels.alertname));
    assert.equal(n.stats().queueLength, 0);
  });

  test('a full queue drops its oldest alerts and counts them', async () => {
    const am = await fakeAm();
    am.hold = true;
    const n = notifier({ urls: [am.url], clock: systemClock(), queueCapacity: 5, maxBatchSize: 2 });
    n.send(alerts(2, 'first'));
    await waitFor('the first batch to reach the server', WAIT_MS, () => (am.posts.length === 1 ? true : undefined));
    // The first batch is in flight; seven more into a queue of five push out the two oldest.
    n.send(alerts(7, 'more'));
    assert.equal(n.stats().alertmanagers[0]!.droppedTotal, 2);
    assert.equal(n.stats().queueLength, 7, 'five queued and two in flight');
    am.hold = false;
    am.release();
    await waitFor('the rest delivered', WAIT_MS, () => (n.stats().alertmanagers[0]!.sentTotal === 7 ? true : undefined));
    assert.deepEqual(am.alertnames(), ['first0', 'first1', 'more2', 'more3', 'more4', 'more5', 'more6']);
    assert.equal(n.stats().alertmanagers[0]!.droppedTotal, 2);
  });

  test('one send larger than the queue keeps only its newest alerts', async () => {
    const am = await fakeAm();
    am.hold = true;
    const n = notifier({ urls: [am.url], clock: systemClock(), queueCapacity: 3, maxBatchSize: 10 });
    n.send(alerts(5));
    assert.equal(n.stats().alertmanagers[0]!.droppedTotal, 2);
    am.hold = false;
    am.release();
    await waitFor('delivery', WAIT_MS, () => (n.stats().alertmanagers[0]!.sentTotal === 3 ? true : undefined));
    assert.deepEqual(am.alertnames(), ['A2', 'A3', 'A4']);
  });

  test('retries a batch after 500s with exponential back-off, then delivers it once', async () => {
    const am = await fakeAm();
    am.status = (i) => (i < 2 ? 500 : 200);
    const clock = new ManualClock(T0);
    const counted = countingFetch();
    const errors: string[] = [];
    const n = notifier({
      urls: [am.url], clock, fetch: counted.fetch, backoff: { baseMs: 100, factor: 2, capMs: 10_000, random: () => 1 },
      onError: (url, error) => errors.push(`${url} ${error}`),
    });
    n.send([alert('Flaky')]);
    await waitFor('the first failure', WAIT_MS, () => (n.stats().alertmanagers[0]!.errorsTotal === 1 ? true : undefined));
    clock.advance(99);
    await settle();
    assert.equal(counted.calls(), 1, 'no retry before the first delay (100 ms)');
    clock.advance(1);
    await waitFor('the second failure', WAIT_MS, () => (n.stats().alertmanagers[0]!.errorsTotal === 2 ? true : undefined));
    clock.advance(199);
    await settle();
    assert.equal(counted.calls(), 2, 'no retry before the doubled delay (200 ms)');
    clock.advance(1);
    await waitFor('delivery', WAIT_MS, () => (n.stats().alertmanagers[0]!.sentTotal === 1 ? true : undefined));
    assert.equal(am.posts.length, 3);
    assert.deepEqual(am.alertnames(), ['Flaky', 'Flaky', 'Flaky']);
    const s = n.stats().alertmanagers[0]!;
    assert.equal(s.errorsTotal, 2);
    assert.equal(s.droppedTotal, 0);
    assert.equal(s.latencySecondsCount, 3);
    assert.match(s.lastError ?? '', /^HTTP 500/);
    assert.deepEqual(errors, [`${am.url}/api/v2/alerts HTTP 500: "forced 500"`, `${am.url}/api/v2/alerts HTTP 500: "forced 500"`]);
  });

  test('retries while the connection is refused and delivers once Alertmanager is up', async () => {
    const port = await freePort();
    const clock = new ManualClock(T0);
    const n = notifier({ urls: [`http://127.0.0.1:${port}`], clock, backoff: { baseMs: 1000, random: () => 1 } });
    n.send([alert('Early')]);
    await waitFor('a refused connection', WAIT_MS, () => (n.stats().alertmanagers[0]!.errorsTotal >= 1 ? true : undefined));
    assert.match(n.stats().alertmanagers[0]!.lastError ?? '', /ECONNREFUSED/);
    const am = await fakeAm(port);
    clock.advance(1000);
    await waitFor('delivery after the retry', WAIT_MS, () => (n.stats().alertmanagers[0]!.sentTotal === 1 ? true : undefined));
    assert.deepEqual(am.alertnames(), ['Early']);
  });

  test('a batch Alertmanager rejects (4xx) is dropped, not retried', async () => {
    const am = await fakeAm();
    am.status = (i) => (i === 0 ? 400 : 200);
    const n = notifier({ urls: [am.url], clock: systemClock() });
    n.send([alert('Bad')]);
    await waitFor('the rejection', WAIT_MS, () => (n.stats().alertmanagers[0]!.droppedTotal === 1 ? true : undefined));
    n.send([alert('Good')]);
    await waitFor('the next batch', WAIT_MS, () => (n.stats().alertmanagers[0]!.sentTotal === 1 ? true : undefined));
    assert.deepEqual(am.alertnames(), ['Bad', 'Good']);
    assert.equal(n.stats().alertmanagers[0]!.errorsTotal, 1);
  });

  test('an Alertmanager that is down holds back no other', async () => {
    const up = await fakeAm();
    const down = await fakeAm();
    down.status = () => 503;
    const n = notifier({ urls: [up.url, down.url], clock: new ManualClock(T0) });
    n.send(alerts(3));
    await waitFor('delivery to the healthy one', WAIT_MS, () => (n.stats().alertmanagers[0]!.sentTotal === 3 ? true : undefined));
    await waitFor('the failure at the other', WAIT_MS, () => (n.stats().alertmanagers[1]!.errorsTotal === 3 ? true : undefined));
    assert.equal(n.stats().queueLength, 3, 'still pending at the one that is down');
  });

  test('credentials in the URL go in an Authorization header and never into stats or errors', async () => {
    const am = await fakeAm();
    am.status = (i) => (i === 0 ? 500 : 200);
    const errors: string[] = [];
    const n = notifier({ urls: [`http://jam:s%40cret@127.0.0.1:${am.port}/`], clock: systemClock(), backoff: { baseMs: 1 }, onError: (url) => errors.push(url) });
    n.send([alert('Auth')]);
    await waitFor('delivery', WAIT_MS, () => (n.stats().alertmanagers[0]!.sentTotal === 1 ? true : undefined));
    assert.equal(am.posts[0]!.headers.authorization, `Basic ${Buffer.from('jam:s@cret').toString('base64')}`);
    assert.equal(n.stats().alertmanagers[0]!.url, `${am.url}/api/v2/alerts`);
    assert.deepEqual(errors, [`${am.url}/api/v2/alerts`]);
  });

  test('close delivers what is queued within its bound', async () => {
    const am = await fakeAm();
    const n = new AlertmanagerNotifier({ urls: [am.url], clock: systemClock(), maxBatchSize: 2 });
    n.send(alerts(5));
    await n.close(WAIT_MS);
    assert.deepEqual(am.alertnames(), ['A0', 'A1', 'A2', 'A3', 'A4']);
    assert.equal(n.stats().alertmanagers[0]!.sentTotal, 5);
    assert.equal(n.stats().queueLength, 0);
  });

  test('close stops at its bound: undelivered alerts counted dropped, no retry afterwards', async () => {
    const am = await fakeAm();
    am.status = () => 503;
    const clock = new ManualClock(T0);
    const counted = countingFetch();
    const n = new AlertmanagerNotifier({ urls: [am.url], clock, fetch: counted.fetch, backoff: { baseMs: 100, random: () => 1 } });
    n.send(alerts(3));
    await waitFor('the first failure', WAIT_MS, () => (n.stats().alertmanagers[0]!.errorsTotal === 3 ? true : undefined));
    let closed = false;
    const closing = n.close(1000).then(() => (closed = true));
    clock.advance(999);
    await settle();
    assert.equal(closed, false, 'still within the bound');
    clock.advance(1);
    await closing;
    const callsAtClose = counted.calls();
    assert.equal(n.stats().alertmanagers[0]!.droppedTotal, 3);
    assert.equal(n.stats().queueLength, 0);
    clock.advance(60_000);
    await settle();
    assert.equal(counted.calls(), callsAtClose, 'no request after close');
    n.send([alert('Late')]);
    assert.equal(n.stats().alertmanagers[0]!.droppedTotal, 4, 'a send after close is dropped');
  });

  test('rejects a URL that is not http(s) before sending anything', () => {
    assert.throws(() => new AlertmanagerNotifier({ urls: ['ftp://am:9093'], clock: systemClock() }), /http:\/\/ or https:\/\//);
  });
});
