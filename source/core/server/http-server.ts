import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Router from 'find-my-way';
import { BindError, hostPort } from './bind-error.js';
import { BodyBuffer } from './body-buffer.js';
import type { Authenticator } from './http-auth.js';
import type { HealthReport } from './health-report.js';

/** Address the server binds to unless told otherwise: loopback, never every interface by surprise. */
export const DEFAULT_METRICS_HOST = '127.0.0.1';

/**
 * A connection that moves no byte either way for this long is closed: a scraper that stopped reading would
 * otherwise hold its connection and the answers queued on it for ever (Node sets no such timeout itself).
 */
export const HTTP_IDLE_SOCKET_MS = 30_000;
/** Connections served at once; past it new ones are refused, so stuck scrapers cannot pile up without bound. */
export const HTTP_MAX_CONNECTIONS = 256;

/**
 * Requests one connection may have waiting for their answer to be taken by the peer. A scraper that pipelines
 * requests and never reads would otherwise have every answer rendered and held (handlers answer asynchronously, so
 * Node's own pause on a full socket comes too late): past it the connection is closed.
 */
export const HTTP_MAX_PIPELINED = 8;

/** HTTP methods routes may use. */
export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** What a route handler sees of the request. */
export interface RouteRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly params: Readonly<Record<string, string | undefined>>;
  readonly query: Readonly<Record<string, string>>;
}

/** A text body in parts, sent in order without being joined into one string first (the scrape body). */
export class TextParts {
  constructor(readonly parts: readonly string[]) {}
}

/** What a route handler returns; an object body is sent as JSON. */
export interface RouteResponse {
  readonly status: number;
  readonly body: string | TextParts | object;
  readonly contentType?: string | undefined;
  readonly headers?: Readonly<Record<string, string | readonly string[]>> | undefined;
}

/** A route added by another part of the core (the alerts API adds /api/v1/alerts and /api/v1/rules). */
export interface Route {
  readonly method: RouteMethod;
  readonly path: string;
  readonly handler: (req: RouteRequest) => RouteResponse | Promise<RouteResponse>;
}

/** Renders the scrape body, in parts whose concatenation is the exposition; PromMetrics is one. */
export interface MetricsRenderer {
  render(openMetrics: boolean): Promise<{ readonly contentType: string; readonly parts: readonly string[] }>;
}

/** Options for {@link startHttpServer}. */
export interface HttpServerOptions {
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  /** Override HTTP_IDLE_SOCKET_MS (tests). */
  readonly idleSocketMs?: number;
  /** Override HTTP_MAX_CONNECTIONS (tests). */
  readonly maxConnections?: number;
  readonly metrics: MetricsRenderer;
  readonly health: () => HealthReport;
  readonly extraRoutes?: readonly Route[];
  /** When given (--web-config), every path answers 401 with WWW-Authenticate unless the request carries credentials it accepts. */
  readonly auth?: Authenticator | undefined;
}

/** A listening server. */
export interface RunningHttpServer {
  readonly host: string;
  readonly port: number;
  /** `http://host:port`, without a trailing slash. */
  readonly url: string;
  /** Adds a route while running (GET /api/v1/alerts when the alert engine starts). */
  addRoute(route: Route): void;
  /** Connections open now (scrapers included). */
  connections(): Promise<number>;
  /** Stops listening and drops open keep-alive connections. */
  close(): Promise<void>;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** Whether the scraper asked for OpenMetrics (Prometheus lists it first in Accept when it can parse it). */
export function wantsOpenMetrics(accept: string | undefined): boolean {
  return accept !== undefined && accept.includes('application/openmetrics-text');
}

function send(res: ServerResponse, out: RouteResponse, buffers: BodyBuffer): void {
  const isText = typeof out.body === 'string' || out.body instanceof TextParts;
  let body: Buffer;
  if (out.body instanceof TextParts) {
    // Sent from a kept buffer, given back once the answer went to the kernel ('finish') or the connection is gone.
    const encoded = buffers.encode(out.body.parts);
    res.once('close', encoded.release);
    body = encoded.bytes;
  } else {
    // Encoded once: Buffer.byteLength then end(string) would walk a large body twice.
    body = Buffer.from(typeof out.body === 'string' ? out.body : JSON.stringify(out.body), 'utf8');
  }
  res.statusCode = out.status;
  res.setHeader('Content-Type', out.contentType ?? (isText ? 'text/plain; charset=utf-8' : JSON_TYPE));
  res.setHeader('Content-Length', body.length);
  res.setHeader('Cache-Control', 'no-store');
  for (const [k, v] of Object.entries(out.headers ?? {})) res.setHeader(k, v);
  res.end(body);
}

/**
 * Serves GET /metrics (text, or OpenMetrics when the Accept header asks), GET /healthz, and any extra
 * routes; unknown paths get a JSON 404 listing every path served, known paths with the wrong method a
 * 405. Rejects with a BindError when the address cannot be bound.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  // The one route table: every route is served from it, and the 404 lists it, so the two never drift.
  const routes: Route[] = [];
  const buffers = new BodyBuffer();
  const router = Router({
    ignoreTrailingSlash: true,
    defaultRoute(req: IncomingMessage, res: ServerResponse) {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const methods = new Set(routes.map((r) => r.method));
      const allowed = [...methods].filter((m) => router.find(m, path) !== null);
      if (allowed.length > 0) {
        send(res, { status: 405, body: { error: `method ${req.method ?? ''} not allowed on ${path}`, allowed }, headers: { Allow: allowed.join(', ') } }, buffers);
      } else {
        send(res, { status: 404, body: { error: `no route for ${path}`, routes: [...new Set(routes.map((r) => r.path))] } }, buffers);
      }
    },
  });

  /** Answers waiting on each connection's peer: past HTTP_MAX_PIPELINED the connection is closed, nothing rendered. */
  const inFlight = new WeakMap<object, number>();
  const admitted = (req: IncomingMessage, res: ServerResponse): boolean => {
    const socket = req.socket;
    const n = (inFlight.get(socket) ?? 0) + 1;
    if (n > HTTP_MAX_PIPELINED) {
      socket.destroy();
      return false;
    }
    inFlight.set(socket, n);
    // 'close' follows 'finish' (the answer went to the kernel) or a lost connection; a peer that never reads
    // keeps its answers from finishing, so its count only grows.
    res.once('close', () => inFlight.set(socket, (inFlight.get(socket) ?? 1) - 1));
    return true;
  };

  const addRoute = (route: Route): void => {
    router.on(route.method, route.path, (req, res, params, _store, query) => {
      if (!admitted(req, res)) return;
      const request: RouteRequest = { method: req.method ?? route.method, path: (req.url ?? '/').split('?')[0] ?? '/', headers: req.headers, params, query };
      Promise.resolve()
        .then(() => route.handler(request))
        .then(
          (out) => send(res, out, buffers),
          (err: unknown) => send(res, { status: 500, body: { error: err instanceof Error ? err.message : String(err) } }, buffers),
        );
    });
    routes.push(route);
  };

  addRoute({
    method: 'GET',
    path: '/metrics',
    handler: async (req) => {
      const { contentType, parts } = await options.metrics.render(wantsOpenMetrics(req.headers.accept));
      return { status: 200, contentType, body: new TextParts(parts) };
    },
  });
  addRoute({ method: 'GET', path: '/healthz', handler: () => ({ status: 200, body: options.health() }) });
  for (const route of options.extraRoutes ?? []) addRoute(route);

  const { auth } = options;
  const server = createServer((req, res) => {
    if (!auth) return router.lookup(req, res);
    auth.check(req.headers.authorization).then(
      (outcome) => {
        if (outcome === 'ok') router.lookup(req, res);
        else if (outcome === 'busy') send(res, { status: 503, body: { error: 'too many credential checks running; retry' }, headers: { 'Retry-After': '1' } }, buffers);
        else send(res, { status: 401, body: { error: 'unauthorized: this server requires credentials (--web-config)' }, headers: { 'WWW-Authenticate': auth.challenges } }, buffers);
      },
      () => send(res, { status: 401, body: { error: 'unauthorized' }, headers: { 'WWW-Authenticate': auth.challenges } }, buffers),
    );
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(new BindError(options.host, options.port, err.code, err.message));
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ host: options.host, port: options.port });
  });
  // A scrape connection that dies mid-request must not crash the process.
  server.on('error', () => undefined);
  // How long a connection that moves no byte lives, and how many there can be (Node bounds neither).
  server.timeout = options.idleSocketMs ?? HTTP_IDLE_SOCKET_MS;
  server.maxConnections = options.maxConnections ?? HTTP_MAX_CONNECTIONS;

  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    host: options.host,
    port,
    url: `http://${hostPort(options.host, port)}`,
    addRoute,
    connections: () => new Promise((resolve, reject) => server.getConnections((err, n) => (err ? reject(err) : resolve(n)))),
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
