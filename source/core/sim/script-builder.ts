import type { Json } from '../decode/event-kinds.js';
import type { Rng } from './rng.js';

/** A JamJet Event envelope as the sim emits it (field order as the runtime serialises it). */
export interface SimEnvelope {
  id: string;
  execution_id: string;
  sequence: number;
  kind: { type: string; [field: string]: Json };
  created_at: string;
}

/** One envelope of a script, due at virtual time `at` (ms since the epoch). */
export interface ScriptedEvent {
  at: number;
  envelope: SimEnvelope;
  /** The node's kind tag (`model`, `tool`, …) when the event concerns a node. */
  nodeKind?: string;
}

/** A node of a demo workflow: id, IR kind tag and the queue it is dispatched to. */
export interface NodeDef {
  id: string;
  kind: string;
  queue: string;
}

/** What a node attempt produces when it completes. */
export interface NodeResult {
  output: Json;
  patch: Record<string, Json>;
  durationMs: number;
  genAi?: { system: string; model: string; input: number; output: number; finish: string; costUsd?: number };
  finishReason?: string;
  /** Emitted right before node_completed (e.g. critic_verdict). */
  before?: Record<string, Json>;
}

/** How a node attempt goes wrong, if it does. */
export type NodeFault = 'none' | 'lease_then_fatal' | 'lease_then_ok' | 'exhaust' | 'park' | 'cancel' | 'cancel_late';

/** How a node run ended. */
export type NodeOutcome = 'ok' | 'failed' | 'cancelled';

/** RFC 3339 with nanoseconds and a `Z`, as chrono writes `created_at`. */
export function rfc3339(ms: number, nanos: string, offset = 'Z'): string {
  return new Date(ms).toISOString().replace('Z', nanos + offset);
}

const LEASE_MS = 30_000;

/** Builds one execution's event script, node by node, keeping the runtime's orderings and quirks. */
export class ScriptBuilder {
  readonly events: ScriptedEvent[] = [];
  readonly state: Record<string, Json>;
  private tokensIn = 0;
  private tokensOut = 0;
  /** Sequences already used before this builder's first event (a builder resumed by {@link checkpoint}). */
  private sequenceBase = 0;

  constructor(
    private readonly rng: Rng,
    readonly executionId: string,
    public t: number,
    initialInput: Record<string, Json>,
    private readonly backlogAt: (t: number) => boolean,
  ) {
    this.state = { ...initialInput };
  }

  /** Appends an event `dt` ms after the previous one (at least 1 ms, so timestamps stay monotonic). */
  emit(dt: number, kind: { type: string; [field: string]: Json }, nodeKind?: string): void {
    this.t += Math.max(1, Math.round(dt));
    const envelope: SimEnvelope = {
      id: this.rng.uuid(),
      execution_id: this.executionId,
      sequence: this.sequenceBase + this.events.length + 1,
      kind,
      created_at: rfc3339(this.t, this.nanos()),
    };
    this.events.push(nodeKind === undefined ? { at: this.t, envelope } : { at: this.t, envelope, nodeKind });
  }

  /**
   * Freezes this point of the script (state, token counts) and returns how to carry on from it later: a new
   * builder at time `t` whose events take sequences from `nextSequence` (an approval decided over REST
   * replaces the scripted rest of the execution).
   */
  checkpoint(): (rng: Rng, t: number, nextSequence: number) => ScriptBuilder {
    const state = structuredClone(this.state);
    const { tokensIn, tokensOut, executionId, backlogAt } = this;
    return (rng, t, nextSequence) => {
      const b = new ScriptBuilder(rng, executionId, t, state, backlogAt);
      b.tokensIn = tokensIn;
      b.tokensOut = tokensOut;
      b.sequenceBase = nextSequence - 1;
      return b;
    };
  }

  private nanos(): string {
    return String(this.rng.int(0, 999_999)).padStart(6, '0');
  }

  /** Gap between a completion and the scheduler's next dispatch (500 ms tick). */
  tickGap(): number {
    return this.rng.int(120, 500);
  }

  /** Worker pick-up delay; several seconds while the queue is backed up. */
  private lag(): number {
    return this.backlogAt(this.t) ? this.rng.int(2_500, 9_000) : this.rng.int(120, 480);
  }

  /** node_scheduled; the first one follows workflow_started at once (the API handler writes both). */
  schedule(node: NodeDef, dt?: number): void {
    this.emit(dt ?? (this.events.length === 1 ? 1 : this.tickGap()), { type: 'node_scheduled', node_id: node.id, queue_type: node.queue }, node.kind);
  }

  start(node: NodeDef, attempt: number, dt = this.lag()): void {
    if (node.queue === 'python_tool') return; // HTTP-claimed items get no node_started
    const pool = node.queue === 'model' ? 'model-worker' : 'general-worker';
    const worker = `${pool}-${this.rng.int(0, 1)}`;
    this.emit(dt, { type: 'node_started', node_id: node.id, worker_id: worker, attempt }, node.kind);
  }

  fail(node: NodeDef, error: string, attempt: number, retryable: boolean, dt = 1): void {
    this.emit(dt, { type: 'node_failed', node_id: node.id, error, attempt, retryable }, node.kind);
  }

  complete(node: NodeDef, r: NodeResult, dt = r.durationMs): void {
    if (r.before) this.emit(dt - 2, r.before as { type: string }, node.kind);
    const http = node.queue === 'python_tool';
    if (r.genAi) {
      this.tokensIn += r.genAi.input;
      this.tokensOut += r.genAi.output;
    }
    const patch: Record<string, Json> = { ...r.patch };
    // Only the Rust worker adds the cumulative budget; HTTP completions carry the patch as sent.
    if (!http) patch.__budget = this.budget();
    const kind: { type: string; [field: string]: Json } = {
      type: 'node_completed', node_id: node.id, output: r.output, state_patch: patch, duration_ms: r.durationMs,
    };
    const g = r.genAi;
    if (g) {
      Object.assign(kind, { gen_ai_system: g.system, gen_ai_model: g.model, input_tokens: g.input, output_tokens: g.output, finish_reason: g.finish });
      if (g.costUsd !== undefined) kind.cost_usd = g.costUsd;
    } else if (r.finishReason !== undefined) kind.finish_reason = r.finishReason;
    if (!http) kind.idempotency_key = this.rng.hex(64);
    this.emit(r.before ? 2 : dt, kind, node.kind);
    Object.assign(this.state, patch);
  }

  private budget(): Json {
    return {
      total_input_tokens: this.tokensIn, total_output_tokens: this.tokensOut, total_cost_usd: 0,
      iteration_count: 0, tool_call_count: 0, consecutive_error_count: 0, circuit_breaker_tripped: false,
    };
  }

  /** Schedules, starts and finishes one node, playing out `fault` on the way. */
  run(node: NodeDef, result: NodeResult, fault: NodeFault = 'none', fatal = 'Model call failed: 500 Internal Server Error'): NodeOutcome {
    this.schedule(node);
    this.start(node, 0);
    if (fault === 'park') {
      // Provider 429: parked with the next attempt number, re-started after retry_after (no retry_scheduled).
      this.emit(this.rng.int(300, 1_500), { type: 'node_parked', node_id: node.id, attempt: 1, retry_after: '' }, node.kind);
      const waitMs = this.rng.int(4, 20) * 1000;
      const parked = this.events[this.events.length - 1]!.envelope.kind;
      parked.retry_after = rfc3339(this.t + waitMs, this.nanos(), '+00:00');
      this.start(node, 1, waitMs + this.lag());
    } else if (fault === 'cancel' || fault === 'cancel_late') {
      const into = Math.round(result.durationMs * (0.2 + 0.6 * this.rng.next()));
      this.emit(into, { type: 'workflow_cancelled', reason: 'user request' });
      // The log is not sealed: an in-flight worker may still commit its completion.
      if (fault === 'cancel_late') this.complete(node, result, result.durationMs - into);
      return 'cancelled';
    } else if (fault !== 'none') {
      const expiries = fault === 'exhaust' ? 3 : 1;
      for (let attempt = 0; attempt < expiries; attempt++) {
        if (attempt === 2) {
          this.fail(node, 'exhausted 3 attempts: lease expired', attempt, false, LEASE_MS + this.rng.int(0, 500));
          return 'failed';
        }
        this.fail(node, 'lease expired: worker presumed dead', attempt, true, LEASE_MS + this.rng.int(0, 500));
        const delay = 2 ** Math.min(attempt + 1, 6) * 1000;
        this.emit(1, { type: 'retry_scheduled', node_id: node.id, attempt: attempt + 1, delay_ms: delay }, node.kind);
        this.start(node, attempt + 1, delay + this.lag());
      }
      if (fault === 'lease_then_fatal') {
        this.fail(node, fatal, 1, false, this.rng.int(200, 1_500));
        return 'failed';
      }
    }
    this.complete(node, result);
    return 'ok';
  }

  /** The terminal event for `outcome` (nothing for a cancellation, which is already logged). */
  finish(outcome: NodeOutcome, failedNode?: string): void {
    if (outcome === 'ok') this.emit(this.tickGap(), { type: 'workflow_completed', final_state: { ...this.state } });
    else if (outcome === 'failed') this.emit(this.tickGap(), { type: 'workflow_failed', error: `node(s) failed terminally: ${failedNode ?? ''}` });
  }
}
