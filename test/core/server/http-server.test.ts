import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { get } from 'node:http';
import { connect, createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { alertsApiRoutes } from '../../../source/core/alerts/alerts-api.js';
import { BindError } from '../../../source/core/server/bind-error.js';
import { healthReport } from '../../../source/core/server/health-report.js';
import { HTTP_MAX_PIPELINED, startHttpServer, wantsOpenMetrics } from '../../../source/core/server/http-server.js';
import type { RunningHttpServer } from '../../../source/core/server/http-server.js';
import type { SourceStatus } from '../../../source/core/sources/event-source.js';

const TEXT = 'text/plain; version=0.0.4; charset=utf-8';
const OM = 'application/openmetrics-text; version=1.0.0; charset=utf-8';
const PROMETHEUS_ACCEPT = 'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

const metrics = {
  render: async (openMetrics: boolean) => (openMetrics ? { contentType: OM, parts: ['up 1\n', '# EOF\n'] } : { contentType: TEXT, parts: ['up ', '1\n'] }),
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
  // Larger than the kernel's socket buffers take, so an unread answer waits in the process.
  const big = 'x'.repeat(16 * 1024 * 1024);
  /** Serves a 16 MiB exposition and counts the renders (each one an answer held until the peer reads it). */
  function bigServer(options: { idleSocketMs?: number; maxConnections?: number }): Promise<{ server: RunningHttpServer; renders: () => number }> {
    let renders = 0;
    const metrics = { render: async () => (renders++, { contentType: TEXT, parts: [big] }) };
    return startHttpServer({ host: '127.0.0.1', port: 0, metrics, health: () => healthReport([]), ...options }).then((server) => ({ server, renders: () => renders }));
  }
  /** A GET on a fresh connection (no pooled socket from another test's server on a reused port). */
  const statusOf = (url: string): Promise<number> => new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).once('error', reject);
  });
  /** Waits (30 s at most) until the server holds no connection: it closed the stuck ones itself. */
  async function allClosed(server: RunningHttpServer, what: string): Promise<void> {
    for (let i = 0; i < 600; i++) {
      if ((await server.connections()) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.fail(`${what} was never closed`);
  }

  const stuck: Socket[] = [];
  /** A raw connection that pipelines `n` scrapes and reads nothing. */
  async function stuckScraper(port: number, n: number): Promise<void> {
    const socket = connect(port, '127.0.0.1');
    // The server dropping it is the point; it is not an error of the test.
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.pause();
    socket.write('GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(n));
    stuck.push(socket);
  }
  after(() => {
    for (const s of stuck) s.destroy();
  });

  test('closes a connection that moved no byte for the idle timeout', async () => {
    const { server, renders } = await bigServer({ idleSocketMs: 300 });
    try {
      await stuckScraper(server.port, 1);
      await allClosed(server, 'the idle connection');
      assert.equal(renders(), 1);
    } finally {
      await server.close();
    }
  });

  test('closes a connection that pipelines more than HTTP_MAX_PIPELINED scrapes it does not read', async () => {
    const { server, renders } = await bigServer({ idleSocketMs: 120_000 });
    try {
      await stuckScraper(server.port, 200);
      await allClosed(server, 'the pipelining connection');
      // 200 answers of 1 MiB were asked for: at most the cap was rendered and held.
      assert.ok(renders() <= HTTP_MAX_PIPELINED, `rendered ${renders()}`);
      assert.equal(await statusOf(`${server.url}/healthz`), 200, 'others are served as usual');
    } finally {
      await server.close();
    }
  });

  test('keeps an answer a scraper has not read yet intact while later scrapes are served from the reused buffer', async () => {
    const size = 16 * 1024 * 1024;
    const bodies = ['a', 'b', 'c'].map((c) => c.repeat(size));
    let renders = 0;
    const server = await startHttpServer({
      host: '127.0.0.1', port: 0, health: () => healthReport([]),
      metrics: { render: async () => ({ contentType: TEXT, parts: [bodies[renders++ % 3]!] }) },
    });
    /** Every byte of a body is `char`. */
    const allOf = (body: Buffer, char: string): boolean => body.length === size && body.every((b) => b === char.charCodeAt(0));
    const read = (): Promise<Buffer> => new Promise((resolve, reject) => {
      get(`${server.url}/metrics`, { agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks)));
      }).once('error', reject);
    });
    try {
      await stuckScraper(server.port, 1);
      while (renders < 1) await new Promise((resolve) => setTimeout(resolve, 10));
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.ok(allOf(await read(), 'b'));
      assert.ok(allOf(await read(), 'c'));
      // The first scraper now reads its answer: what was still waiting in the process is still its own.
      const socket = stuck.at(-1)!;
      const chunks: Buffer[] = [];
      let length = 0;
      const raw = await new Promise<Buffer>((resolve) => {
        socket.on('data', (c: Buffer) => {
          chunks.push(c);
          length += c.length;
          if (length < size) return;
          const all = Buffer.concat(chunks);
          const head = all.indexOf('\r\n\r\n');
          if (head >= 0 && all.length >= head + 4 + size) resolve(all.subarray(head + 4));
        });
        socket.resume();
      });
      assert.ok(allOf(raw, 'a'), 'the unread answer was overwritten');
    } finally {
      await server.close();
    }
  });

  test('refuses connections past its cap, and serves again once stuck ones time out', async () => {
    // Long enough that a loaded machine cannot let the stuck ones time out before the third connection is tried.
    const { server } = await bigServer({ idleSocketMs: 5_000, maxConnections: 2 });
    try {
      await stuckScraper(server.port, 1);
      await stuckScraper(server.port, 1);
      await assert.rejects(statusOf(`${server.url}/healthz`));
      await allClosed(server, 'a stuck connection');
      assert.equal(await statusOf(`${server.url}/healthz`), 200, 'served again');
    } finally {
      await server.close();
    }
  });
});
