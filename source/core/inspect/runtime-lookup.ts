// What inspect asks a runtime when the store does not have the answer, through the shared REST client.
import type { RawEnvelope } from '../decode/event.js';
import { HttpStatusError } from '../runtime-api/runtime-api-error.js';
import { RuntimeClient } from '../runtime-api/runtime-client.js';
import type { StoredExecution } from '../store/store-queries.js';

/** Called with a one-line, token-free problem report (unreachable, 401…). */
export type Warn = (message: string) => void;

/** A client for each http(s) `--url`, in order; other sources (ws, JSONL) and non-URLs are not asked. */
export function runtimeClients(urls: readonly string[], token: string | undefined): RuntimeClient[] {
  const out: RuntimeClient[] = [];
  for (const u of urls) {
    if (!/^https?:\/\//i.test(u)) continue;
    try {
      out.push(new RuntimeClient(u, { token }));
    } catch {
      // not a URL: the source layer reports it
    }
  }
  return out;
}

/** Runs one call; a failure is warned about as `<base>: <reason>` and yields undefined, a 404 silently so. */
async function ask<T>(client: RuntimeClient, warn: Warn, call: (c: RuntimeClient) => Promise<T>): Promise<T | undefined> {
  try {
    return await call(client);
  } catch (err) {
    if (!(err instanceof HttpStatusError && err.status === 404)) warn(`${client.base}: ${client.describe(err)}`);
    return undefined;
  }
}

/** The execution's event log, or undefined when the runtime does not know the id (or could not be asked). */
export async function lookUpEvents(client: RuntimeClient, id: string, warn: Warn): Promise<RawEnvelope[] | undefined> {
  // The record first: the events route answers an unknown id with an empty log, the record route with 404.
  if ((await ask(client, warn, (c) => c.getExecution(id))) === undefined) return undefined;
  return (await ask(client, warn, (c) => c.getEvents(id))) as RawEnvelope[] | undefined;
}

/** `GET /executions` as store rows (the runtime's records carry no tokens, cost or counts: unknown, not zero). */
export async function lookUpExecutions(client: RuntimeClient, q: { status?: string | undefined; limit: number }, warn: Warn): Promise<StoredExecution[]> {
  const records = (await ask(client, warn, (c) => c.listExecutions(q))) ?? [];
  return records.flatMap((r) => (r.status === undefined ? [] : [{
    executionId: r.executionId, workflowId: r.workflowId, workflowVersion: r.workflowVersion, status: r.status,
    startedAt: r.startedAt, endedAt: r.completedAt, inputTokens: undefined, outputTokens: undefined, costUsd: undefined,
    nodeCount: undefined, eventCount: undefined, source: client.base, updatedAt: r.updatedAt ?? 0,
  }]));
}
