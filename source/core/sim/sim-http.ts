import type { IncomingMessage, ServerResponse } from 'node:http';
import Router from 'find-my-way';
import type { SimRuntime } from './sim-runtime.js';
import { approveExecution, cancelExecution, type RouteAnswer } from './sim-actions.js';

/** The version `GET /health` reports (the runtime crate's). */
export const SIM_RUNTIME_VERSION = '0.4.0';

/** Auth check as the runtime does it: the error message for a refused request, or null when allowed. */
export function authError(header: string | undefined, token: string | undefined): string | null {
  if (token === undefined) return null;
  if (header === undefined || !header.startsWith('Bearer ')) return 'missing Authorization: Bearer <token>';
  return header.slice('Bearer '.length) === token ? null : 'invalid or expired token';
}

/** Parses a path id like the runtime: optional `exec_` prefix, simple or hyphenated UUID → hyphenated, else null. */
export function parseExecutionId(raw: string): string | null {
  const s = raw.replace(/^exec_/, '').toLowerCase();
  const hex = /^[0-9a-f]{32}$/.test(s) ? s : /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(s) ? s.replace(/-/g, '') : null;
  return hex === null ? null : `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Largest request body the write routes read (the runtime's JSON extractor has a limit too). */
export const SIM_MAX_REQUEST_BYTES = 64 * 1024;

/** The runtime's RBAC refusal of a write by a role below developer (reference §3.2), word for word. */
export const SIM_FORBIDDEN_BODY = { error: 'insufficient role — developer or operator required', required: 'developer' };

/** Whether the request carries the viewer token: it may read everything and write nothing. */
export function isViewer(header: string | undefined, viewerToken: string | undefined): boolean {
  return viewerToken !== undefined && header === `Bearer ${viewerToken}`;
}

/** Reads a request body up to `cap` bytes: its text, or null when it is larger. */
async function readBody(req: IncomingMessage, cap: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > cap) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Writes a JSON body. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function queryInt(q: Record<string, string>, name: string): number | undefined | null {
  const v = q[name];
  if (v === undefined) return undefined;
  return /^\d+$/.test(v) ? Number(v) : null;
}

type Handler = (req: IncomingMessage, res: ServerResponse, params: Record<string, string | undefined>, q: Record<string, string>) => void;

/**
 * Builds the request handler for the REST routes (JamJet's, plus `/sim/stats` and `/sim/record`). `viewerToken`,
 * when set, is a second token with the runtime's `viewer` role: reads pass, writes get its 403. `actionsRefusal`,
 * when set, answers cancel and approve with 409 and that message (a sim keeping a state file).
 */
export function createSimRouter(runtime: SimRuntime, token: string | undefined, viewerToken?: string, actionsRefusal?: string): (req: IncomingMessage, res: ServerResponse) => void {
  const router = Router({
    ignoreTrailingSlash: true,
    // The runtime's SPA fallback answers unknown extension-less paths with this plain-text 404.
    defaultRoute: (_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('web companion not built');
    },
  });
  const guarded = (h: Handler, write = false) => (req: IncomingMessage, res: ServerResponse, params: Record<string, string | undefined>, _store: unknown, q: Record<string, string>) => {
    if (isViewer(req.headers.authorization, viewerToken)) return write ? sendJson(res, 403, SIM_FORBIDDEN_BODY) : h(req, res, params, q);
    const err = authError(req.headers.authorization, token);
    if (err !== null) return sendJson(res, 401, { error: err });
    h(req, res, params, q);
  };
  const withId = (h: (res: ServerResponse, id: string, raw: string, req: IncomingMessage) => void): Handler => (req, res, params) => {
    const raw = params.id ?? '';
    const id = parseExecutionId(raw);
    if (id === null) return sendJson(res, 400, { error: `invalid execution id: ${raw}` });
    h(res, id, raw, req);
  };
  const answer = (res: ServerResponse, a: RouteAnswer): void => sendJson(res, a.status, a.body);

  router.on('GET', '/health', (_req, res) => sendJson(res, 200, { status: 'ok', version: SIM_RUNTIME_VERSION }));
  router.on('GET', '/executions', guarded((_req, res, _p, q) => {
    const limit = queryInt(q, 'limit');
    const offset = queryInt(q, 'offset');
    if (limit === null || offset === null) {
      // axum's Query extractor rejects before the handler runs, in plain text.
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`Failed to deserialize query string: ${limit === null ? 'limit' : 'offset'}: invalid digit found in string`);
      return;
    }
    sendJson(res, 200, { executions: runtime.listExecutions({ status: q.status, limit, offset }) });
  }));
  router.on('GET', '/executions/:id', guarded(withId((res, id, raw) => {
    const record = runtime.getExecution(id);
    // The runtime echoes the id as it was given in the path.
    if (!record) return sendJson(res, 404, { error: `execution ${raw}` });
    sendJson(res, 200, record);
  })));
  // Like the runtime's plain SELECT by execution id: an unknown id yields an empty log, not a 404.
  router.on('GET', '/executions/:id/events', guarded(withId((res, id) => sendJson(res, 200, { events: runtime.getEvents(id) ?? [] }))));
  router.on('POST', '/executions/:id/cancel', guarded(withId((res, id, raw) => {
    if (actionsRefusal !== undefined) return sendJson(res, 409, { error: actionsRefusal });
    answer(res, cancelExecution(runtime, id, raw));
  }), true));
  router.on('POST', '/executions/:id/approve', guarded(withId((res, id, raw, req) => {
    if (actionsRefusal !== undefined) return sendJson(res, 409, { error: actionsRefusal });
    void readBody(req, SIM_MAX_REQUEST_BYTES).then((text) => {
      if (text === null) return sendJson(res, 413, { error: `request body larger than ${SIM_MAX_REQUEST_BYTES} bytes` });
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        // axum's Json extractor rejects before the handler runs, in plain text.
        res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Failed to parse the request body as JSON');
        return;
      }
      answer(res, approveExecution(runtime, id, raw, body));
    }, () => res.destroy());
  }), true));
  router.on('GET', '/sim/stats', guarded((_req, res) => sendJson(res, 200, runtime.stats())));
  // Every event emitted so far, per execution id and sequence (as ranges): what a test compares a client's store with.
  router.on('GET', '/sim/record', guarded((_req, res) => sendJson(res, 200, runtime.recordJson())));
  router.on('GET', '/v1/events', guarded((_req, res) => sendJson(res, 426, { error: 'upgrade to a websocket to read the event stream' })));
  return (req, res) => router.lookup(req, res);
}
