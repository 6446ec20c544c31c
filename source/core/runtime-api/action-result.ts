// What a write to the runtime (cancel, approve) comes back as: a typed value or a typed failure, never a
// throw, so the dashboard can show a refusal as such (401/403 apart from a 409 "nothing pending").
import { httpStatusLine } from './http-status-line.js';

/** Longest server message kept in a failure (an error body is a wire string of any length). */
export const ACTION_MESSAGE_MAX_CHARS = 300;

/** Why an action did not happen. */
export type ActionFailureKind =
  | 'unauthorized' // 401: no token, or one the runtime does not know
  | 'forbidden' // 403: the token's role may read but not write
  | 'invalid' // 400: unknown decision, already terminal (cancel), several approvals pending
  | 'not_found' // 404: the runtime does not know the execution
  | 'conflict' // 409: nothing pending, node not pending, execution terminal (approve)
  | 'http' // any other status
  | 'bad_response' // a 2xx whose body is not what the route returns
  | 'network' // no answer: refused, timed out, DNS…
  | 'unavailable'; // not sent: read-only, a source with no REST API, an unknown source

/** A failed action: its kind, the HTTP status when there was one, and one line to show (untrusted text inside: sanitise it). */
export interface ActionFailure {
  readonly kind: ActionFailureKind;
  readonly status?: number | undefined;
  readonly message: string;
}

/** The value of a successful action, or its failure. */
export type ActionResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly failure: ActionFailure };

/** `POST /executions/:id/cancel` accepted. */
export interface CancelAnswer {
  readonly executionId: string;
  readonly status: string;
}

/** `POST /executions/:id/approve` accepted. */
export interface ApproveAnswer {
  readonly executionId: string;
  readonly nodeId: string | undefined;
  readonly accepted: boolean;
}

/** An approval decision as the approve route takes it. */
export interface ApproveRequest {
  readonly decision: 'approved' | 'rejected';
  /** Needed only when several nodes wait (the runtime answers 400 then). */
  readonly nodeId?: string | undefined;
  readonly comment?: string | undefined;
  /** Logged as the event's `user_id` (the runtime's default is `anonymous`; it does not take it from the token). */
  readonly userId?: string | undefined;
}

const KINDS: Readonly<Record<number, ActionFailureKind>> = { 400: 'invalid', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'conflict' };

/** The server's message from an error body: `{"error": …}` when JSON, else its first line; capped. */
export function serverMessage(body: string): string {
  let text = body;
  try {
    const parsed = JSON.parse(body) as unknown;
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { error?: unknown }).error === 'string') text = (parsed as { error: string }).error;
  } catch {
    // plain text (axum's extractor rejections) or HTML
  }
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > ACTION_MESSAGE_MAX_CHARS ? `${line.slice(0, ACTION_MESSAGE_MAX_CHARS - 1)}…` : line;
}

/** The failure for a non-2xx answer, worded once: `403 forbidden: insufficient role — developer or operator required`. */
export function statusFailure(status: number, method: string, path: string, message: string): ActionFailure {
  const kind = KINDS[status] ?? 'http';
  const said = message === '' ? undefined : message;
  switch (kind) {
    case 'unauthorized': return { kind, status, message: `401 unauthorized: ${said ?? 'no valid token'} (check --token or JAMJET_TOKEN)` };
    case 'forbidden': return { kind, status, message: `403 forbidden: ${said ?? 'the token\'s role may not act (developer or operator required)'}` };
    case 'invalid': return { kind, status, message: `400 bad request: ${said ?? 'refused'}` };
    case 'not_found': return { kind, status, message: `404 not found: ${said ?? 'no such execution'}` };
    case 'conflict': return { kind, status, message: `409 conflict: ${said ?? 'nothing to act on'}` };
    default: return { kind, status, message: `HTTP ${httpStatusLine(status)} from ${method} ${path}${said ? `: ${said}` : ''}` };
  }
}
