import type { Clock } from '../../clock.js';

/** How much of an error response body is kept in the error message. */
const ERROR_BODY_CHARS = 200;

/** The outcome of one POST: delivered, or an error and whether trying the same batch again can help. */
export type PostOutcome = { readonly ok: true } | { readonly ok: false; readonly retry: boolean; readonly error: string };

/** Where and how to POST: the endpoint without credentials, and the headers that carry them instead. */
export interface PostTarget {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * The request target for an endpoint: credentials in the URL become a Basic `Authorization` header,
 * because fetch refuses a URL with userinfo (Prometheus takes them as `basic_auth`).
 */
export function postTarget(endpoint: string): PostTarget {
  const url = new URL(endpoint);
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (url.username || url.password) {
    const user = decodeURIComponent(url.username);
    const pass = decodeURIComponent(url.password);
    headers.Authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  return { url: url.toString(), headers };
}

/**
 * One POST of a JSON body, bounded by `timeoutMs` on the injected clock. Any 2xx is delivered (as
 * Prometheus accepts); a network error, a timeout, 408, 429 or a 5xx may pass on a later try; any other
 * status means Alertmanager rejected the batch itself, and sending it again would fail the same way.
 */
export async function postAlerts(
  fetchFn: typeof fetch,
  target: PostTarget,
  body: string,
  timeoutMs: number,
  clock: Clock,
  signal: AbortSignal,
): Promise<PostOutcome> {
  const abort = new AbortController();
  const onStop = (): void => abort.abort(new Error('notifier stopped'));
  signal.addEventListener('abort', onStop, { once: true });
  const timer = clock.setTimeout(() => abort.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  try {
    const res = await fetchFn(target.url, { method: 'POST', headers: target.headers, body, signal: abort.signal });
    // Read the body either way, so the connection goes back to the pool.
    const text = await res.text();
    if (res.ok) return { ok: true };
    const retry = res.status === 408 || res.status === 429 || res.status >= 500;
    const detail = text.trim().slice(0, ERROR_BODY_CHARS);
    return { ok: false, retry, error: `HTTP ${res.status}${detail ? `: ${detail}` : ''}` };
  } catch (error) {
    const reason = abort.signal.aborted ? abort.signal.reason : error;
    return { ok: false, retry: true, error: describeError(reason) };
  } finally {
    clock.clear(timer);
    signal.removeEventListener('abort', onStop);
  }
}

/** A one-line message for a fetch failure: undici hides the useful part (ECONNREFUSED …) in `cause`. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
