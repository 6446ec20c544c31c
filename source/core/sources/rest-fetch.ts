// The HTTP side of the REST poller: one GET with a timeout, a capped body, and errors that say what went wrong.
import { httpStatusLine } from './http-status-line.js';

/** Largest response body read from the runtime (a huge event log is refused, not buffered without end). */
export const REST_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** Time allowed for one request, headers and body. */
export const REST_FETCH_TIMEOUT_MS = 10_000;

/** A non-2xx answer. */
export class HttpStatusError extends Error {
  constructor(readonly status: number, readonly path: string) {
    super(`HTTP ${httpStatusLine(status)} from GET ${path}`);
  }
}

/** A body over the cap, or one that is not the JSON expected. */
export class BadResponseError extends Error {
  constructor(readonly path: string, readonly why: string, readonly tooLarge = false) {
    super(`bad response from GET ${path}: ${why}`);
  }
}

/** The fetch signature the poller needs (the global one, or a double in tests). */
export type FetchLike = (url: string, init: { headers: Record<string, string>; signal: AbortSignal }) => Promise<Response>;

/** GETs `base + path` and parses JSON, within the timeout and the body cap; throws the errors above or the network's. */
export async function getJson(fetchFn: FetchLike, base: string, path: string, headers: Record<string, string>, stop: AbortSignal, timeoutMs: number, maxBytes: number): Promise<unknown> {
  const signal = AbortSignal.any([stop, AbortSignal.timeout(timeoutMs)]);
  const res = await fetchFn(base + path, { headers, signal });
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new HttpStatusError(res.status, path);
  }
  const text = await readCapped(res, path, maxBytes);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BadResponseError(path, 'not JSON');
  }
}

async function readCapped(res: Response, path: string, maxBytes: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BadResponseError(path, `body larger than ${maxBytes} bytes`, true);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** One line for a failed request, never containing the URL's host credentials or the token. */
export function describeFetchError(err: unknown, timeoutMs: number): string {
  if (err instanceof HttpStatusError || err instanceof BadResponseError) return err.message;
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return `timeout: no answer within ${timeoutMs / 1000}s`;
  const code = e.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND') return 'host not found';
  if (code === 'EAI_AGAIN') return 'DNS lookup failed (EAI_AGAIN)';
  if (code === 'ECONNRESET') return 'connection reset';
  if (code) return `network error: ${code}`;
  // fetch will not dial the WHATWG "bad ports" (1, 7, 9, 21, 22, 25, 6000…), whatever is listening there.
  if (e.cause?.message === 'bad port') return 'port refused by fetch (on its list of blocked ports)';
  return `network error: ${e.cause?.message ?? e.message ?? String(err)}`;
}

/** Runs `fn` over `items` with at most `limit` in flight; resolves when all have settled, rejects with the first error. */
export async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let firstError: unknown;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      try {
        await fn(item);
      } catch (err) {
        if (!failed) firstError = err;
        failed = true;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failed) throw firstError;
}
