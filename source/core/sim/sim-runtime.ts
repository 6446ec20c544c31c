import type { Json } from '../decode/event-kinds.js';
import { systemClock, type Clock, type TimerHandle } from '../clock.js';
import type { SimEnvelope, ScriptedEvent } from './script-builder.js';
import { createWorkload, type ExecutionScript, type Workload, type WorkloadItem } from './workload.js';
import { isTerminal, terminalStatusOf } from '../model/lifecycle.js';
import { createSimStats, recordStats, type SimStats } from './sim-stats.js';
import { createRng, type Rng } from './rng.js';
import { rfc3339 } from './script-builder.js';
import { SimRecord, type SimRecordBody } from './sim-record.js';

/** Events retained for websocket resume; older cursors are reported as a gap. */
export const SIM_STREAM_BUFFER_CAP = 100_000;
/** Finished executions kept for the REST routes; the oldest finished is dropped first. */
export const SIM_FINISHED_EXECUTIONS_CAP = 2_000;
/** How often (real ms) the runtime releases due events. */
export const SIM_TICK_MS = 20;

/** One event on the stream: its cursor, the unchanged envelope and the node's kind when known. */
export interface StreamItem {
  cursor: number;
  event: SimEnvelope;
  node_kind?: string;
}

/** The execution record exactly as the runtime's REST API returns it (§2.2 of the reference). */
export interface ExecutionRecord {
  execution_id: string;
  workflow_id: string;
  workflow_version: string;
  status: string;
  initial_input: Json;
  current_state: Json;
  started_at: string;
  updated_at: string;
  completed_at: string | null;
  parent_execution_id?: string;
  segment_number: number;
}

/** Options of the sim runtime; every field has a default. */
export interface SimRuntimeOptions {
  seed?: number;
  /** Root executions started per virtual second (default 2). */
  rate?: number;
  /** Stop starting root executions after this many (default: never stop). */
  executions?: number;
  /** Virtual time runs this many times faster than the clock (default 1). */
  speed?: number;
  clock?: Clock;
  /** Virtual time of the workload's start (default: clock.now()). */
  startTime?: number;
  /**
   * Milliseconds of workload already played before the start: its events come out at once, then the
   * workload carries on in step with the clock (the demo opens on a dashboard that is already busy).
   */
  historyMs?: number;
  streamBufferCap?: number;
  finishedExecutionsCap?: number;
  /**
   * Called with the virtual time reached and the newest cursor after a pump emitted events, before any
   * listener (the stream, hence the network) sees them: `--state-file` persists here.
   */
  onAdvance?: (virtualTime: number, cursor: number) => void;
}

interface ExecState { record: ExecutionRecord; events: SimEnvelope[]; order: number; script: ExecutionScript; group: number }
/** One scripted event waiting for its time; `group` numbers the workload item its script came with. */
interface Pending { at: number; order: number; ev: ScriptedEvent; script: ExecutionScript; group: number }

/** Seed offset of the generator for events the runtime writes on request (ids and nanoseconds of REST actions). */
const ACTION_SEED_OFFSET = 0x5eed;

const FILTERABLE = new Set(['running', 'paused', 'completed', 'failed']);

const before = (a: Pending, b: Pending): boolean => a.at < b.at || (a.at === b.at && a.order < b.order);

/** Plays the seeded workload over time: stream cursors, a bounded ring, an execution store and exact stats. */
export class SimRuntime {
  readonly clock: Clock;
  private readonly speed: number;
  private readonly limit: number;
  private readonly startTime: number;
  private readonly historyMs: number;
  private readonly ringCap: number;
  private readonly finishedCap: number;
  private readonly workload: Workload;
  private nextItem: WorkloadItem;
  private rootsStarted = 0;
  private realStart = 0;
  private timer: TimerHandle | null = null;
  private heap: Pending[] = [];
  private order = 0;
  private cursor = 0;
  private ring: StreamItem[] = [];
  private ringHead = 0;
  private readonly execs = new Map<string, ExecState>();
  private finished: string[] = [];
  private readonly listeners = new Set<(items: StreamItem[]) => void>();
  private readonly counts: SimStats = createSimStats();
  private readonly actionRng: Rng;
  private readonly record = new SimRecord();
  private readonly onAdvance: ((virtualTime: number, cursor: number) => void) | undefined;
  /** Virtual time at realStart: the workload's start plus its history, or where a restored run left off. */
  private virtualBase: number;

  constructor(opts: SimRuntimeOptions = {}) {
    this.clock = opts.clock ?? systemClock();
    this.speed = opts.speed ?? 1;
    this.limit = opts.executions ?? Infinity;
    this.historyMs = Math.max(0, opts.historyMs ?? 0);
    this.startTime = (opts.startTime ?? this.clock.now()) - this.historyMs;
    this.ringCap = Math.max(1, opts.streamBufferCap ?? SIM_STREAM_BUFFER_CAP);
    this.finishedCap = Math.max(0, opts.finishedExecutionsCap ?? SIM_FINISHED_EXECUTIONS_CAP);
    this.workload = createWorkload(opts.seed ?? 42, this.startTime, opts.rate ?? 2);
    this.actionRng = createRng((opts.seed ?? 42) + ACTION_SEED_OFFSET);
    this.nextItem = this.workload.next();
    this.virtualBase = this.startTime + this.historyMs;
    this.onAdvance = opts.onAdvance;
  }

  /** The virtual time the workload started at (what a state file keeps to regenerate it). */
  workloadStart(): number {
    return this.startTime;
  }

  /**
   * Regenerates, without sending anything, every event due by `virtualTime` (what a killed run had emitted), so
   * cursors, the replay ring, the REST store, stats and record are as they were; `start()` then carries on from
   * `virtualTime`. Call before `start()`. Returns the newest cursor reached.
   */
  restoreTo(virtualTime: number): number {
    this.advance(virtualTime, false);
    this.virtualBase = virtualTime;
    return this.cursor;
  }

  /** Starts releasing events on the clock. */
  start(): void {
    if (this.timer) return;
    this.realStart = this.clock.now();
    this.timer = this.clock.setInterval(() => this.pump(), SIM_TICK_MS);
  }

  /** Stops the clock timer; the store and ring stay readable. */
  stop(): void {
    if (this.timer) this.clock.clear(this.timer);
    this.timer = null;
  }

  /** The virtual time the workload has reached. */
  virtualNow(): number {
    return this.virtualBase + (this.clock.now() - this.realStart) * this.speed;
  }

  /** Releases every event due by the current virtual time, in (time, generation) order. */
  pump(): void {
    this.advance(this.virtualNow(), true);
  }

  private advance(now: number, notify: boolean): void {
    while (this.rootsStarted < this.limit && this.nextItem.startAt <= now) {
      const group = this.rootsStarted;
      for (const script of this.nextItem.scripts) for (const ev of script.events) this.push({ at: ev.at, order: this.order++, ev, script, group });
      this.rootsStarted++;
      this.nextItem = this.workload.next();
    }
    const batch: StreamItem[] = [];
    while (this.heap.length > 0 && this.heap[0]!.at <= now) batch.push(this.emit(this.pop()));
    if (batch.length === 0 || !notify) return;
    this.onAdvance?.(now, this.cursor);
    for (const l of this.listeners) l(batch);
  }

  /** Registers a listener for every batch of newly emitted stream items; returns the unsubscribe. */
  subscribe(listener: (items: StreamItem[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The newest cursor assigned so far (0 if none). */
  lastCursor(): number {
    return this.cursor;
  }

  /** The oldest cursor still retained (lastCursor + 1 when nothing is retained). */
  oldestCursor(): number {
    return this.ring.length > this.ringHead ? this.ring[this.ringHead]!.cursor : this.cursor + 1;
  }

  /** Retained items with a cursor greater than `after`, ascending. */
  itemsAfter(after: number): StreamItem[] {
    const from = this.ringHead + Math.max(0, after - this.oldestCursor() + 1);
    return this.ring.slice(from);
  }

  /** A copy of the exact counts of everything emitted so far. */
  stats(): SimStats {
    return structuredClone(this.counts);
  }

  /** The sim's own record of every event emitted, per execution id and sequence (`GET /sim/record`). */
  recordJson(): SimRecordBody {
    return this.record.toJson(this.cursor);
  }

  /** One execution by hyphenated id, or undefined. */
  getExecution(id: string): ExecutionRecord | undefined {
    const e = this.execs.get(id);
    return e ? shape(e.record) : undefined;
  }

  /** One execution's event log (ascending sequence), or undefined when unknown. */
  getEvents(id: string): SimEnvelope[] | undefined {
    return this.execs.get(id)?.events.slice();
  }

  /** GET /executions semantics: only running/paused/completed/failed filter, newest updated_at first. */
  listExecutions(q: { status?: string; limit?: number; offset?: number }): ExecutionRecord[] {
    const all = [...this.execs.values()].filter((e) => !q.status || !FILTERABLE.has(q.status) || e.record.status === q.status);
    all.sort((a, b) => (a.record.updated_at < b.record.updated_at ? 1 : a.record.updated_at > b.record.updated_at ? -1 : b.order - a.order));
    const offset = q.offset ?? 0;
    return all.slice(offset, offset + (q.limit ?? 50)).map((e) => shape(e.record));
  }

  /** What an action needs of one execution (hyphenated id): its status, script and emitted log; undefined when unknown. */
  actionTarget(id: string): { status: string; script: ExecutionScript; events: readonly SimEnvelope[] } | undefined {
    const e = this.execs.get(id);
    return e ? { status: e.record.status, script: e.script, events: e.events } : undefined;
  }

  /**
   * Drops what is still scripted for an execution: its own pending events and, when `withUnstarted`, those of
   * executions it would have spawned later (a child or a continue-as-new segment not started yet).
   */
  dropScripted(id: string, withUnstarted: boolean): void {
    const group = this.execs.get(id)?.group;
    const keep = this.heap.filter((p) => p.script.executionId !== id && !(withUnstarted && p.group === group && !this.execs.has(p.script.executionId)));
    if (keep.length === this.heap.length) return;
    this.heap = [];
    for (const p of keep) this.push(p);
  }

  /**
   * Writes an event for a known execution now, as the runtime's REST handlers do: the next sequence of its
   * log, never earlier than its last event, delivered to the stream and the REST log like any other.
   */
  append(id: string, kind: SimEnvelope['kind'], nodeKind?: string): SimEnvelope {
    const e = this.execs.get(id);
    if (!e) throw new RangeError(`unknown execution ${id}`);
    const last = e.events[e.events.length - 1];
    const at = Math.max(Math.floor(this.virtualNow()), last ? Date.parse(last.created_at) + 1 : 0);
    const nanos = String(this.actionRng.int(0, 999_999)).padStart(6, '0');
    const envelope: SimEnvelope = { id: this.actionRng.uuid(), execution_id: id, sequence: e.events.length + 1, kind, created_at: rfc3339(at, nanos) };
    const ev: ScriptedEvent = nodeKind === undefined ? { at, envelope } : { at, envelope, nodeKind };
    const item = this.emit({ at, order: this.order++, ev, script: e.script, group: e.group });
    for (const l of this.listeners) l([item]);
    return envelope;
  }

  /** Queues further scripted events of a known execution (what follows a decision made over REST). */
  enqueue(id: string, events: readonly ScriptedEvent[]): void {
    const e = this.execs.get(id);
    if (!e) throw new RangeError(`unknown execution ${id}`);
    for (const ev of events) this.push({ at: ev.at, order: this.order++, ev, script: e.script, group: e.group });
  }

  private emit(p: Pending): StreamItem {
    const event = p.ev.envelope;
    const item: StreamItem = p.ev.nodeKind === undefined ? { cursor: ++this.cursor, event } : { cursor: ++this.cursor, event, node_kind: p.ev.nodeKind };
    this.ring.push(item);
    if (this.ring.length - this.ringHead > this.ringCap) this.ringHead++;
    if (this.ringHead > 4096 && this.ringHead * 2 > this.ring.length) {
      this.ring = this.ring.slice(this.ringHead);
      this.ringHead = 0;
    }
    const kind = event.kind;
    let exec = this.execs.get(event.execution_id);
    if (kind.type === 'workflow_started') {
      const s = p.script;
      const record: ExecutionRecord = {
        execution_id: s.executionId, workflow_id: s.workflowId, workflow_version: s.workflowVersion, status: 'running',
        initial_input: s.initialInput, current_state: s.initialInput, started_at: event.created_at, updated_at: event.created_at,
        completed_at: null, segment_number: s.segmentNumber,
      };
      if (s.parentExecutionId) record.parent_execution_id = s.parentExecutionId;
      exec = { record, events: [], order: this.order++, script: s, group: p.group };
      this.execs.set(s.executionId, exec);
    }
    const wasRunning = exec !== undefined && !isTerminal(exec.record.status);
    recordStats(this.counts, item, wasRunning);
    this.record.add(event.execution_id, event.sequence);
    if (!exec) return item;
    exec.events.push(event);
    const r = exec.record;
    const terminal = terminalStatusOf(kind.type);
    if (terminal && wasRunning) {
      r.status = terminal;
      r.updated_at = r.completed_at = event.created_at;
      this.finished.push(r.execution_id);
      while (this.finished.length > this.finishedCap) this.execs.delete(this.finished.shift()!);
    } else if (kind.type === 'node_completed' && p.ev.nodeKind === 'python_fn') {
      // The HTTP complete path is the one that writes current_state (Rust-worker completions do not).
      r.current_state = { ...(r.current_state as Record<string, Json>), ...(kind.state_patch as Record<string, Json>) };
      r.updated_at = event.created_at;
    }
    return item;
  }

  private push(p: Pending): void {
    const h = this.heap;
    h.push(p);
    for (let i = h.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private pop(): Pending {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

/** A fresh object in the runtime's field order (optional parent id only when set). */
function shape(r: ExecutionRecord): ExecutionRecord {
  const { parent_execution_id, segment_number, ...rest } = r;
  return parent_execution_id === undefined ? { ...rest, segment_number } : { ...rest, parent_execution_id, segment_number };
}
