import { RuntimeClient, type RuntimeClientOptions } from '../runtime-api/runtime-client.js';
import {
  ACTION_COMMENT_MAX_CHARS, sourceBlock, type ActionOutcome, type ActionRequest, type ActionsData,
} from '../snapshot/action-availability.js';
import { actionTarget, type ActionSource } from './action-targets.js';

/** Options of {@link RuntimeActions}. */
export interface RuntimeActionsOptions {
  /** `--read-only`: every action is refused before anything is sent. */
  readonly readOnly: boolean;
  readonly sources: readonly ActionSource[];
  /** Sent as Bearer to every source but the demo runtime (as the REST source sends it). */
  readonly token?: string | undefined;
  /** Source keys whose runtime takes no token (the embedded demo). */
  readonly tokenless?: readonly string[] | undefined;
  /** Logged by the runtime as the approval's `user_id` (its default is `anonymous`). */
  readonly userId?: string | undefined;
  /** Builds the client for a URL (tests pass a fetch double through it). */
  readonly client?: ((url: string, opts: RuntimeClientOptions) => RuntimeClient) | undefined;
}

/** A comment as sent: control characters dropped (it is logged and shown again), trimmed, capped. */
export function cleanComment(comment: string | undefined): string | undefined {
  if (comment === undefined) return undefined;
  // eslint-disable-next-line no-control-regex
  const clean = comment.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim().slice(0, ACTION_COMMENT_MAX_CHARS);
  return clean === '' ? undefined : clean;
}

/**
 * The dashboard's actions on the runtime (cancel, approve or reject), sent to the REST API of the source an
 * execution came from. It says which sources can take them (the snapshot's `actions`), refuses everything
 * under `--read-only`, and turns every answer into an {@link ActionOutcome}; it never throws.
 */
export class RuntimeActions {
  /** What the snapshot carries for the view. */
  readonly data: ActionsData;
  private readonly urls = new Map<string, string>();
  private readonly clients = new Map<string, RuntimeClient>();

  constructor(private readonly options: RuntimeActionsOptions) {
    const sources: Record<string, string | null> = {};
    for (const s of options.sources) {
      const target = actionTarget(s);
      sources[s.key] = target.ok ? null : target.reason;
      if (target.ok) this.urls.set(s.key, target.url);
    }
    this.data = Object.freeze({ readOnly: options.readOnly, sources: Object.freeze(sources) });
  }

  /** Sends one action; a refusal, a runtime's error or a network failure comes back as a failed outcome. */
  async act(request: ActionRequest): Promise<ActionOutcome> {
    const blocked = sourceBlock({ source: request.source }, this.data);
    const client = blocked === undefined ? this.client(request.source) : undefined;
    if (blocked !== undefined || client === undefined) {
      return { ok: false, failure: { kind: 'unavailable', message: blocked ?? `unknown source ${request.source}` } };
    }
    try {
      if (request.kind === 'cancel') {
        const r = await client.cancel(request.executionId);
        return r.ok ? { ok: true, message: `cancelled ${r.value.executionId}` } : r;
      }
      const r = await client.approve(request.executionId, {
        decision: request.decision, nodeId: request.nodeId, comment: cleanComment(request.comment), userId: this.options.userId,
      });
      if (!r.ok) return r;
      const node = r.value.nodeId ?? request.nodeId;
      return { ok: true, message: `${request.decision} ${node === undefined ? '' : `${node} on `}${r.value.executionId}` };
    } catch (err) {
      // Only a malformed execution id gets here (the client refuses to build a path from it).
      return { ok: false, failure: { kind: 'invalid', message: err instanceof Error ? err.message : String(err) } };
    }
  }

  private client(key: string): RuntimeClient | undefined {
    const url = this.urls.get(key);
    if (url === undefined) return undefined;
    let client = this.clients.get(key);
    if (!client) {
      const token = this.options.tokenless?.includes(key) ? undefined : this.options.token;
      const make = this.options.client ?? ((u, o) => new RuntimeClient(u, o));
      client = make(url, { token });
      this.clients.set(key, client);
    }
    return client;
  }
}
