import { parseTimestamp } from '../decode/parse-timestamp.js';
import { normaliseExecutionId } from '../decode/execution-id.js';
import type { RawEnvelope } from '../decode/event.js';
import type { StoredExecution } from '../store/store-queries.js';

/** How long one REST call may take before inspect gives up on that runtime. */
export const REST_TIMEOUT_MS = 10_000;

/** Called with a one-line, token-free problem report (unreachable, 401…). */
export type Warn = (message: string) => void;

/** The http(s) `--url`s as REST API bases (credentials and trailing slashes removed). */
export function restBases(urls: readonly string[]): string[] {
  const out: string[] = [];
  for (const u of urls) {
    if (!/^https?:\/\//i.test(u)) continue;
    try {
      // Address and path only: credentials, a query (`?token=…`) or a fragment must neither be sent
      // on every request nor printed in a message.
      const url = new URL(u);
      out.push(`${url.origin}${url.pathname}`.replace(/\/+$/, ''));
    } catch {
      // not a URL: the source layer reports it
    }
  }
  return out;
}

async function getJson(base: string, path: string, token: string | undefined, warn: Warn): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers['authorization'] = `Bearer ${token}`;
  try {
    const res = await fetch(`${base}${path}`, { headers, signal: AbortSignal.timeout(REST_TIMEOUT_MS) });
    if (res.status === 404) {
      await res.body?.cancel();
      return undefined;
    }
    if (!res.ok) {
      await res.body?.cancel();
      warn(`${base}: GET ${path.split('?')[0]} returned ${res.status}${res.status === 401 ? ' (check --token)' : ''}`);
      return undefined;
    }
    return (await res.json()) as unknown;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    warn(`cannot reach ${base}: ${reason.split('\n')[0]}`);
    return undefined;
  }
}

/** GET /executions/:id then /executions/:id/events; undefined when the runtime does not know the id. */
export async function fetchEvents(base: string, id: string, token: string | undefined, warn: Warn): Promise<RawEnvelope[] | undefined> {
  // The record first: a 404 there is the runtime saying it does not know the id.
  if ((await getJson(base, `/executions/${id}`, token, warn)) === undefined) return undefined;
  const body = (await getJson(base, `/executions/${id}/events`, token, warn)) as { events?: unknown } | undefined;
  return Array.isArray(body?.events) ? (body.events as RawEnvelope[]) : undefined;
}

interface RuntimeRecord {
  execution_id?: unknown; workflow_id?: unknown; workflow_version?: unknown; status?: unknown;
  started_at?: unknown; completed_at?: unknown; updated_at?: unknown;
}

const time = (v: unknown): number | undefined => {
  const t = typeof v === 'string' ? parseTimestamp(v) : NaN;
  return Number.isNaN(t) ? undefined : t;
};

/** GET /executions?limit=&status= as store rows (the runtime's records carry no tokens or cost: zero). */
export async function fetchExecutionList(base: string, q: { status?: string | undefined; limit: number }, token: string | undefined, warn: Warn): Promise<StoredExecution[]> {
  const params = new URLSearchParams({ limit: String(q.limit) });
  if (q.status) params.set('status', q.status);
  const body = (await getJson(base, `/executions?${params.toString()}`, token, warn)) as { executions?: unknown } | undefined;
  if (!Array.isArray(body?.executions)) return [];
  const out: StoredExecution[] = [];
  for (const r of body.executions as RuntimeRecord[]) {
    const id = typeof r.execution_id === 'string' ? normaliseExecutionId(r.execution_id) : undefined;
    if (id === undefined || typeof r.status !== 'string') continue;
    out.push({
      executionId: id, workflowId: typeof r.workflow_id === 'string' ? r.workflow_id : undefined,
      workflowVersion: typeof r.workflow_version === 'string' ? r.workflow_version : undefined, status: r.status,
      startedAt: time(r.started_at), endedAt: time(r.completed_at), inputTokens: undefined, outputTokens: undefined, costUsd: undefined,
      nodeCount: undefined, eventCount: undefined, source: base, updatedAt: time(r.updated_at) ?? 0,
    });
  }
  return out;
}
