import { REST_FETCH_TIMEOUT_MS, type FetchLike } from './rest-fetch.js';

/** What a runtime's REST API says about one execution id: it has it, it answers 404, or it could not be asked. */
export type ProbeResult = 'found' | 'missing' | 'unknown';

/** Options of {@link probeExecution}. */
export interface ProbeOptions {
  readonly token?: string | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly timeoutMs?: number | undefined;
  /** Defaults to the global fetch. */
  readonly fetch?: FetchLike | undefined;
}

/** Asks `GET <base>/executions/:id` whether the runtime knows the execution (JamJet answers 404 when it does not). */
export async function probeExecution(baseUrl: string, executionId: string, opts: ProbeOptions = {}): Promise<ProbeResult> {
  const parsed = new URL(baseUrl);
  // fetch refuses URLs with credentials; the token travels in the header, as the poller sends it.
  const base = `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
  const headers: Record<string, string> = { accept: 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) };
  const fetchFn: FetchLike = opts.fetch ?? ((u, init) => fetch(u, init));
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? REST_FETCH_TIMEOUT_MS);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
  try {
    const res = await fetchFn(`${base}/executions/${executionId}`, { headers, signal });
    // Only the status matters: the record (with its whole state) is not read.
    await res.body?.cancel().catch(() => undefined);
    if (res.ok) return 'found';
    return res.status === 404 ? 'missing' : 'unknown';
  } catch {
    return 'unknown';
  }
}
