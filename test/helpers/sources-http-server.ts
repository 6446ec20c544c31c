import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { envelope } from './sources-ws-server.js';

/** One execution of the fake runtime: its list record fields and its event log. */
export interface FakeExecution {
  status: string;
  updatedAt: string;
  events: Record<string, unknown>[];
}

/** A fake JamJet runtime on 127.0.0.1 serving `GET /executions` and `GET /executions/:id/events` from memory. */
export interface FakeRuntime {
  readonly url: string;
  readonly requests: { path: string; authorization: string | undefined }[];
  /** Keyed by the 32-hex execution id. */
  readonly executions: Map<string, FakeExecution>;
  /** When it returns a status, that path answers it with `{"error": …}` instead. */
  failWith: ((path: string) => number | undefined) | undefined;
  /** Appends `node_scheduled` events up to `sequence` (or a custom kind) to an execution. */
  append(hex: string, sequence: number, kind?: Record<string, unknown>): void;
  /** Count of event-log requests for one execution. */
  eventFetches(hex: string): number;
  close(): Promise<void>;
}

function uuid(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Starts a fake runtime at a free port. */
export async function startFakeRuntime(): Promise<FakeRuntime> {
  const executions = new Map<string, FakeExecution>();
  const requests: FakeRuntime['requests'] = [];
  const rt: FakeRuntime = {
    url: '',
    requests,
    executions,
    failWith: undefined,
    append(hex, sequence, kind) {
      const e = envelope(hex, sequence, new Date(Date.UTC(2026, 0, 1, 0, 0, sequence)).toISOString());
      if (kind) e.kind = kind;
      executions.get(hex)!.events.push(e);
    },
    eventFetches(hex) {
      return requests.filter((r) => r.path === `/executions/exec_${hex}/events`).length;
    },
    close: async () => undefined,
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push({ path: url.pathname === '/executions' ? `${url.pathname}${url.search}` : url.pathname, authorization: req.headers.authorization });
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const forced = rt.failWith?.(url.pathname);
    if (forced !== undefined) return send(forced, { error: `forced ${forced}` });
    if (url.pathname === '/executions') {
      const limit = Number(url.searchParams.get('limit') ?? 50);
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const list = [...executions.entries()]
        .sort((a, b) => b[1].updatedAt.localeCompare(a[1].updatedAt))
        .slice(offset, offset + limit)
        .map(([hex, e]) => ({ execution_id: uuid(hex), workflow_id: 'wf', status: e.status, updated_at: e.updatedAt, completed_at: null }));
      return send(200, { executions: list });
    }
    const m = /^\/executions\/exec_([0-9a-f]{32})\/events$/.exec(url.pathname);
    const exec = m ? executions.get(m[1]!) : undefined;
    if (!exec) return send(404, { error: `execution ${url.pathname}` });
    send(200, { events: exec.events });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(rt, {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
