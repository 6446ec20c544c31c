import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { get } from 'node:http';
import { connect, createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { alertsApiRoutes } from '../../../source/core/alerts/alerts-api.js';
import { BindError } from '../../../source/core/server/bind-error.js';
import { healthReport } from '../../../source/core/server/health-report.js';
import { startHttpServer, wantsOpenMetrics } from '../../../source/core/server/http-server.js';
import type { RunningHttpServer } from '../../../source/core/server/http-server.js';
import type { SourceStatus } from '../../../source/core/sources/event-source.js';

const TEXT = 'text/plain; version=0.0.4; charset=utf-8';
const OM = 'application/openmetrics-text; version=1.0.0; charset=utf-8';
const PROMETHEUS_ACCEPT = 'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

const metrics = {
  render: async (openMetrics: boolean) => (openMetrics ? { contentType: OM, body: 'up 1\n# EOF\n' } : { contentType: TEXT, body: 'up 1\n' }),
};

const statuses: SourceStatus[] = [
  { id: 'src1', url: 'ws://alice:s3cret@127.0.0.1:7700/v1/events?token=abc', kind: 'websocket', state: 'connected', lastEventAt: Date.UTC(2026, 0, 1), lagMs: 12, events: 3, rejected: 0, reconnects: 1 },
  { id: 'src2', url: 'http://127.0.0.1:7701', kind: 'rest', state: 'reconnecting', events: 0, rejected: 0, reconnects: 4, message: 'connection refused' },
];

async function withServer(fn: (s: RunningHttpServer) => Promise<void>): Promise<void> {
  const s = await startHttpServer({ host: '127.0.0.1', port: 0, metrics, health: () => healthReport(statuses) });
  try {
    await fn(s);
  } finally {
    await s.close();
  }
}

describe('startHttpServer', () => {
  test('serves the text exposition on GET /metrics by default', () =>
    withServer(async (s) => {
      const res = await fetch(`${s.url}/metrics`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), TEXT);
      assert.equal(await res.text(), 'up 1\n');
    }));

  test('serves OpenMetrics when the Accept header asks for it, as Prometheus does', () =>
    withServer(async (s) => {
      const res = await fetch(`${s.url}/metrics`, { headers: { accept: PROMETHEUS_ACCEPT } });
      assert.equal(res.headers.get('content-type'), OM);
      assert.equal(await res.text(), 'up 1\n# EOF\n');
      assert.equal(wantsOpenMetrics('text/plain'), false);
      assert.equal(wantsOpenMetrics(undefined), false);
    }));

  test('reports each source on GET /healthz without credentials', () =>
    withServer(async (s) => {
      const res = await fetch(`${s.url}/healthz`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /application\/json/);
      const body = (await res.json()) as { status: string; sources: Array<Record<string, unknown>> };
      assert.equal(body.status, 'degraded');
      assert.equal(body.sources.length, 2);
      const [a, b] = body.sources;
      assert.equal(a!.url, 'ws://127.0.0.1:7700/v1/events?token=***');
      assert.equal(a!.connected, true);
      assert.equal(a!.last_event_at, '2026-01-01T00:00:00.000Z');
      assert.equal(a!.lag_ms, 12);
      assert.equal(b!.connected, false);
      assert.equal(b!.state, 'reconnecting');
      assert.equal(b!.last_event_at, null);
      assert.equal(b!.lag_ms, null);
      assert.doesNotMatch(JSON.stringify(body), /s3cret|abc/);
    }));

  test('says ok when every source is connected or finished', () => {
    const ok = healthReport([{ ...statuses[0]!, state: 'ended' }, statuses[0]!]);
    assert.equal(ok.status, 'ok');
  });

  test('answers an unknown path with a JSON 404 and a wrong method with 405', () =>
    withServer(async (s) => {
      const missing = await fetch(`${s.url}/nope`);
      assert.equal(missing.status, 404);
      assert.match(((await missing.json()) as { error: string }).error, /no route for \/nope/);
      const wrong = await fetch(`${s.url}/metrics`, { method: 'POST', body: 'x' });
      assert.equal(wrong.status, 405);
      assert.equal(wrong.headers.get('allow'), 'GET');
      await wrong.text();
    }));

  test('lists every path it serves in the 404, the alerts API and routes added while running included', async () => {
    const api = { groups: () => [], query: () => ({ type: 'scalar', v: 0 }) as const, reload: () => Promise.resolve(undefined), now: () => 0 };
    const s = await startHttpServer({ host: '127.0.0.1', port: 0, metrics, health: () => healthReport([]), extraRoutes: alertsApiRoutes(api) });
    try {
      s.addRoute({ method: 'POST', path: '/-/quit', handler: () => ({ status: 200, body: {} }) });
      const res = await fetch(`${s.url}/nope`);
      assert.equal(res.status, 404);
      const body = (await res.json()) as { routes: string[] };
      assert.deepEqual(body.routes, ['/metrics', '/healthz', ...alertsApiRoutes(api).map((r) => r.path), '/-/quit']);
      for (const path of ['/api/v1/alerts', '/api/v1/rules', '/api/v1/query', '/-/reload']) assert.ok(body.routes.includes(path), path);
    } finally {
      await s.close();
    }
  });

  test('serves routes added at start and while running', async () => {
    const s = await startHttpServer({
      host: '127.0.0.1', port: 0, metrics, health: () => healthReport([]),
      extraRoutes: [{ method: 'GET', path: '/api/v1/rules', handler: () => ({ status: 200, body: { status: 'success', data: { groups: [] } } }) }],
    });
    try {
      s.addRoute({ method: 'GET', path: '/api/v1/alerts', handler: (req) => ({ status: 200, body: { status: 'success', q: req.query.x ?? null } }) });
      assert.deepEqual(await (await fetch(`${s.url}/api/v1/rules`)).json(), { status: 'success', data: { groups: [] } });
      assert.deepEqual(await (await fetch(`${s.url}/api/v1/alerts?x=1`)).json(), { status: 'success', q: '1' });
    } finally {
      await s.close();
    }
  });

  test('answers 500 with the message when a handler throws', async () => {
    const s = await startHttpServer({
      host: '127.0.0.1', port: 0, health: () => healthReport([]),
      metrics: { render: () => Promise.reject(new Error('collector broke')) },
    });
    try {
      const res = await fetch(`${s.url}/metrics`);
      assert.equal(res.status, 500);
      assert.deepEqual(await res.json(), { error: 'collector broke' });
    } finally {
      await s.close();
    }
  });

  test('rejects with a BindError naming the address when the port is busy', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      await assert.rejects(
        startHttpServer({ host: '127.0.0.1', port, metrics, health: () => healthReport([]) }),
        (err: unknown) => {
          assert.ok(err instanceof BindError);
          assert.equal(err.code, 'EADDRINUSE');
          assert.equal(err.message, `cannot listen on 127.0.0.1:${port}: address already in use`);
          return true;
        },
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  test('close drops keep-alive connections and resolves', async () => {
    const s = await startHttpServer({ host: '127.0.0.1', port: 0, metrics, health: () => healthReport([]) });
    await (await fetch(`${s.url}/metrics`, { headers: { connection: 'keep-alive' } })).text();
    await s.close();
    await assert.rejects(fetch(`${s.url}/metrics`));
  });
});

describe('startHttpServer with scrapers that stop reading', () => {
  const big = 'x'.repeat(1024 * 1024);
  const bigMetrics = { render: async () => ({ contentType: TEXT, body: big }) };
  /** A GET on a fresh connection (no pooled socket from another test's server on a reused port). */
  const statusOf = (url: string): Promise<number> => new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).once('error', reject);
  });

  /** A raw connection that pipelines `n` scrapes and reads nothing until told to. */
  async function stuckScraper(port: number, n: number): Promise<Socket> {
    const socket = connect(port, '127.0.0.1');
    // The server resetting it is the point; it is not an error of the test.
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.pause();
    socket.write('GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(n));
    return socket;
  }

  test('closes a connection that moved no byte for the idle timeout, holding at most a few answers meanwhile', async () => {
    const s = await startHttpServer({ host: '127.0.0.1', port: 0, metrics: bigMetrics, health: () => healthReport([]), idleSocketMs: 300 });
    try {
      const stuck = await stuckScraper(s.port, 50);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      let received = 0;
      stuck.on('data', (d: Buffer) => (received += d.length));
      const closed = new Promise<void>((resolve) => stuck.once('close', () => resolve()));
      stuck.resume();
      let timer: NodeJS.Timeout | undefined;
      const bound = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('the stuck connection was never closed')), 30_000)));
      await Promise.race([closed, bound]).finally(() => clearTimeout(timer));
      // 50 answers of 1 MiB were asked for; the server gave up long before writing them all.
      assert.ok(received < 20 * big.length, `received ${received} bytes`);
    } finally {
      await s.close();
    }
  });

  test('refuses connections past its cap, and serves again once stuck ones time out', async () => {
    const s = await startHttpServer({ host: '127.0.0.1', port: 0, metrics: bigMetrics, health: () => healthReport([]), idleSocketMs: 500, maxConnections: 2 });
    try {
      const stuck = [await stuckScraper(s.port, 20), await stuckScraper(s.port, 20)];
      await assert.rejects(statusOf(`${s.url}/healthz`));
      for (const socket of stuck) socket.resume();
      let ok = false;
      for (let i = 0; i < 200 && !ok; i++) {
        ok = await statusOf(`${s.url}/healthz`).then((status) => status === 200, () => false);
        if (!ok) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.ok(ok, 'served again');
      for (const socket of stuck) socket.destroy();
    } finally {
      await s.close();
    }
  });
});
