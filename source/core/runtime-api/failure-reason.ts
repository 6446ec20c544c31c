// One wording for everything that can go wrong talking to a runtime, shared by the REST source, the
// websocket source, inspect and follow, so the same problem reads the same wherever it is shown.
import { BadResponseError, HttpStatusError } from './runtime-api-error.js';

/** Said when the runtime refuses the token (or there is none and it wants one). */
export const UNAUTHORIZED_MESSAGE = '401 unauthorized: check --token or JAMJET_TOKEN';
/** Said when the token is valid but its role may not read. */
export const FORBIDDEN_MESSAGE = '403 forbidden: token lacks read access';

/** The wording of a socket error code (connection refused, DNS…), or undefined for a code not worded here. */
export function networkReason(code: string | undefined): string | undefined {
  switch (code) {
    case 'ECONNREFUSED': return 'connection refused';
    case 'ENOTFOUND': return 'host not found';
    case 'EAI_AGAIN': return 'DNS lookup failed (EAI_AGAIN)';
    case 'ECONNRESET': return 'connection reset';
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT': return 'connection timed out';
    case 'EHOSTUNREACH': return 'host unreachable';
    default: return undefined;
  }
}

/**
 * One line for a failed REST call: the 401/403 advice, `HTTP 404 Not Found from GET /executions/…`, a bad
 * body, a timeout or the network's reason. Never contains the base URL (it may carry credentials) or the token.
 */
export function failureReason(err: unknown, timeoutMs: number): string {
  if (err instanceof HttpStatusError) {
    if (err.status === 401) return UNAUTHORIZED_MESSAGE;
    if (err.status === 403) return FORBIDDEN_MESSAGE;
    return err.message;
  }
  if (err instanceof BadResponseError) return err.message;
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } } | null | undefined;
  if (e?.name === 'TimeoutError') return `timeout: no answer within ${timeoutMs / 1000}s`;
  const code = e?.cause?.code;
  const worded = networkReason(code);
  if (worded) return worded;
  if (code) return `network error: ${code}`;
  // fetch will not dial the WHATWG "bad ports" (1, 7, 9, 21, 22, 25, 6000…), whatever is listening there.
  if (e?.cause?.message === 'bad port') return 'port refused by fetch (on its list of blocked ports)';
  return `network error: ${(e?.cause?.message ?? e?.message ?? String(err)).split('\n')[0]}`;
}
