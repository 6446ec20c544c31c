// The one client for a JamJet runtime's REST API (shared/reference/jamjet-runtime.md §3), used by the REST
// source, inspect and follow: base URL, Bearer token, timeout, body cap, JSON parsing and typed routes.
import { normaliseExecutionId } from '../decode/execution-id.js';
import { parseTimestamp } from '../decode/parse-timestamp.js';
import { failureReason } from './failure-reason.js';
import { BadResponseError, HttpStatusError } from './runtime-api-error.js';
import { ACTION_MESSAGE_MAX_CHARS, serverMessage, statusFailure, type ActionResult, type ApproveAnswer, type ApproveRequest, type CancelAnswer } from './action-result.js';

/** Largest response body read from the runtime (a huge event log is refused, not buffered without end). */
export const REST_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** Time allowed for one request, headers and body. */
export const REST_FETCH_TIMEOUT_MS = 10_000;
/** The statuses `GET /executions?status=` filters by; the runtime ignores any other value and lists every status. */
export const LISTABLE_STATUSES: ReadonlySet<string> = new Set(['running', 'paused', 'completed', 'failed']);

/** The fetch signature the client needs (the global one, or a double in tests). */
export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; signal: AbortSignal; body?: string }) => Promise<Response>;

/** Options of {@link RuntimeClient}. */
export interface RuntimeClientOptions {
  /** Sent as `Authorization: Bearer <token>`; never part of a URL or a message. */
  readonly token?: string | undefined;
  readonly timeoutMs?: number | undefined;
  readonly maxResponseBytes?: number | undefined;
  /** Aborts every request of this client (a source stopping, follow ending). */
  readonly signal?: AbortSignal | undefined;
  /** Defaults to the global fetch. */
  readonly fetch?: FetchLike | undefined;
}

/** An execution record (`WorkflowExecution`, §2.2) with its id in the `exec_` form and its times in epoch ms. */
export interface RuntimeExecution {
  readonly executionId: string;
  readonly workflowId: string | undefined;
  readonly workflowVersion: string | undefined;
  readonly status: string | undefined;
  readonly startedAt: number | undefined;
  readonly updatedAt: number | undefined;
  readonly completedAt: number | undefined;
}

/** Query of {@link RuntimeClient.listExecutions}; absent values take the runtime's defaults (limit 50, offset 0). */
export interface ExecutionListQuery {
  readonly status?: string | undefined;
  readonly limit?: number | undefined;
  readonly offset?: number | undefined;
}

/** What the runtime says about one execution id: it has it, it answers 404, or it could not be asked. */
export type ProbeResult = 'found' | 'missing' | 'unknown';

/**
 * The REST API base of a runtime URL: origin and path, without a trailing slash. Credentials (fetch refuses
 * them, and they must not be printed), a query (`?token=…` is never sent along) and a fragment are dropped.
 * Throws a TypeError for a value that is not a URL.
 */
export function runtimeBase(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
}

/** Typed calls to one runtime's REST API; every failure is an HttpStatusError, a BadResponseError or fetch's own. */
export class RuntimeClient {
  /** Where requests go, safe to print (see {@link runtimeBase}). */
  readonly base: string;
  readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly headers: Record<string, string>;
  private readonly signal: AbortSignal | undefined;
  private readonly fetchFn: FetchLike;

  constructor(url: string, opts: RuntimeClientOptions = {}) {
    this.base = runtimeBase(url);
    this.timeoutMs = opts.timeoutMs ?? REST_FETCH_TIMEOUT_MS;
    this.maxBytes = opts.maxResponseBytes ?? REST_MAX_RESPONSE_BYTES;
    this.headers = { accept: 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) };
    this.signal = opts.signal;
    this.fetchFn = opts.fetch ?? ((u, init) => fetch(u, init));
  }

  /**
   * `GET /executions`, newest `updated_at` first, one page. Records without a usable id are skipped. The
   * runtime filters only by {@link LISTABLE_STATUSES} and lists everything for any other status, so a status
   * is also filtered here: the page may then hold fewer than `limit` records.
   */
  async listExecutions(q: ExecutionListQuery = {}): Promise<RuntimeExecution[]> {
    const params = new URLSearchParams();
    if (q.limit !== undefined) params.set('limit', String(q.limit));
    if (q.offset !== undefined) params.set('offset', String(q.offset));
    if (q.status !== undefined && LISTABLE_STATUSES.has(q.status)) params.set('status', q.status);
    const query = params.toString();
    const path = query === '' ? '/executions' : `/executions?${query}`;
    const list = field(await this.getJson(path), 'executions');
    if (!Array.isArray(list)) throw new BadResponseError('GET', path, 'no executions array');
    const out: RuntimeExecution[] = [];
    for (const raw of list) {
      const rec = toExecution(raw);
      if (rec && (q.status === undefined || rec.status === q.status)) out.push(rec);
    }
    return out;
  }

  /** `GET /executions/:id`; an id the runtime does not know is an HttpStatusError 404. */
  async getExecution(id: string): Promise<RuntimeExecution> {
    const path = `/executions/${pathId(id)}`;
    const rec = toExecution(await this.getJson(path));
    if (!rec) throw new BadResponseError('GET', path, 'not an execution record');
    return rec;
  }

  /**
   * `GET /executions/:id/events`: the whole log every time, ascending sequence, undecoded (there is no cursor:
   * keep the last sequence and skip up to it). An id the runtime does not know gives an empty log, not a 404.
   */
  async getEvents(id: string): Promise<unknown[]> {
    const path = `/executions/${pathId(id)}/events`;
    const events = field(await this.getJson(path), 'events');
    if (!Array.isArray(events)) throw new BadResponseError('GET', path, 'no events array');
    return events;
  }

  /** Whether the runtime knows an execution, from the status of `GET /executions/:id` alone (its body is not read). */
  async probeExecution(id: string): Promise<ProbeResult> {
    try {
      const res = await this.send('GET', `/executions/${pathId(id)}`);
      await res.body?.cancel().catch(() => undefined);
      return 'found';
    } catch (err) {
      return err instanceof HttpStatusError && err.status === 404 ? 'missing' : 'unknown';
    }
  }

  /** `POST /executions/:id/cancel`: the runtime logs `workflow_cancelled` ("user request"); 400 when already terminal. */
  async cancel(id: string): Promise<ActionResult<CancelAnswer>> {
    const path = `/executions/${pathId(id)}/cancel`;
    const answer = await this.post(path, undefined);
    if (!answer.ok) return answer;
    const status = str(field(answer.value, 'status'));
    if (status === undefined) return { ok: false, failure: { kind: 'bad_response', message: `bad response from POST ${path}: no status` } };
    return { ok: true, value: { executionId: pathId(id), status } };
  }

  /** `POST /executions/:id/approve` with a decision; 409 when nothing waits, 400 for an ambiguous or bad request. */
  async approve(id: string, req: ApproveRequest): Promise<ActionResult<ApproveAnswer>> {
    const path = `/executions/${pathId(id)}/approve`;
    const body: Record<string, string> = { decision: req.decision };
    if (req.nodeId !== undefined) body.node_id = req.nodeId;
    if (req.userId !== undefined) body.user_id = req.userId;
    if (req.comment !== undefined && req.comment !== '') body.comment = req.comment;
    const answer = await this.post(path, body);
    if (!answer.ok) return answer;
    return { ok: true, value: { executionId: pathId(id), nodeId: str(field(answer.value, 'node_id')), accepted: field(answer.value, 'accepted') === true } };
  }

  /** One line for an error thrown by this client (see {@link failureReason}). */
  describe(err: unknown): string {
    return failureReason(err, this.timeoutMs);
  }

  private async send(method: string, path: string): Promise<Response> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = this.signal ? AbortSignal.any([this.signal, timeout]) : timeout;
    const res = await this.fetchFn(this.base + path, { method, headers: this.headers, signal });
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new HttpStatusError(res.status, method, path);
    }
    return res;
  }

  /** A POST whose every outcome is a value: the parsed body, or the failure with the server's own message. */
  private async post(path: string, body: unknown): Promise<ActionResult<unknown>> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = this.signal ? AbortSignal.any([this.signal, timeout]) : timeout;
    const headers = body === undefined ? this.headers : { ...this.headers, 'content-type': 'application/json' };
    try {
      const res = await this.fetchFn(this.base + path, { method: 'POST', headers, signal, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      if (!res.ok) {
        // Enough of the body for its message; a page of HTML is cut, not buffered.
        const text = await readCapped(res, 'POST', path, ACTION_MESSAGE_MAX_CHARS * 16).catch(() => '');
        return { ok: false, failure: statusFailure(res.status, 'POST', path, serverMessage(text)) };
      }
      const text = await readCapped(res, 'POST', path, this.maxBytes);
      try {
        return { ok: true, value: JSON.parse(text) as unknown };
      } catch {
        return { ok: false, failure: { kind: 'bad_response', message: `bad response from POST ${path}: not JSON` } };
      }
    } catch (err) {
      return { ok: false, failure: { kind: err instanceof BadResponseError ? 'bad_response' : 'network', message: this.describe(err) } };
    }
  }

  private async getJson(path: string): Promise<unknown> {
    const res = await this.send('GET', path);
    const text = await readCapped(res, 'GET', path, this.maxBytes);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // The runtime's SPA fallback answers a path it has no route for with an HTML page and 200.
      const type = res.headers.get('content-type')?.split(';')[0]?.trim();
      const what = text.trim() === '' ? 'an empty body' : (type ?? 'no content-type');
      throw new BadResponseError('GET', path, `not JSON (${what})${type === 'text/html' ? ': is the URL the runtime\'s API root?' : ''}`);
    }
  }
}

/** Reads a body up to `maxBytes`, refusing a larger one as soon as its length says so or the bytes read pass it. */
async function readCapped(res: Response, method: string, path: string, maxBytes: number): Promise<string> {
  const tooLarge = (): BadResponseError => new BadResponseError(method, path, `body larger than ${maxBytes} bytes`, true);
  if (Number(res.headers.get('content-length') ?? 0) > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
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
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The `exec_` form of an id for a path (the runtime accepts it with or without the prefix). */
function pathId(id: string): string {
  const key = normaliseExecutionId(id);
  if (key === undefined) throw new RangeError(`not an execution id: ${JSON.stringify(id.slice(0, 80))}`);
  return key;
}

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const time = (v: unknown): number | undefined => {
  const t = typeof v === 'string' ? parseTimestamp(v) : NaN;
  return Number.isNaN(t) ? undefined : t;
};

/** A record as the runtime sends it (hyphenated UUID, RFC 3339 times), or undefined without a usable id. */
function toExecution(raw: unknown): RuntimeExecution | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  const executionId = typeof r.execution_id === 'string' ? normaliseExecutionId(r.execution_id) : undefined;
  if (executionId === undefined) return undefined;
  return {
    executionId, workflowId: str(r.workflow_id), workflowVersion: str(r.workflow_version), status: str(r.status),
    startedAt: time(r.started_at), updatedAt: time(r.updated_at), completedAt: time(r.completed_at),
  };
}
