import type { Json } from '../decode/event-kinds.js';
import type { TypedEvent } from '../decode/event.js';
import { hideBudget, mergePatch } from '../inspect/fold-state.js';
import { timeline, type TimelineEntry } from '../inspect/timeline.js';
import type { MonitorSink } from '../monitor/monitor-sink.js';

/** Executions journaled at once; past it, one that went long without an event is forgotten (never the one viewed). */
export const MAX_JOURNAL_EXECUTIONS = 256;
/** Recent events kept per execution (a ring): the detail's timeline shows the last ones. */
export const MAX_JOURNAL_EVENTS = 200;
/** State patches held unfolded per execution; reaching it folds them (the fold is deferred to reads). */
export const MAX_PENDING_PATCHES = 64;

/** What the detail shows of one execution's events and state, as far as the journal kept them. */
export interface JournalView {
  readonly executionId: string;
  /** The last events kept, in sequence order, times relative to the first kept one. */
  readonly events: readonly TimelineEntry[];
  /** Distinct events journaled for it; `seen - events.length` were dropped from the ring. */
  readonly seen: number;
  /** Its state as JamJet folds it (`__budget` hidden), once its `workflow_started` was seen. */
  readonly state?: Json | undefined;
  /** `final_state` from workflow_completed, or folded from `initial_input` and every state patch. */
  readonly stateOrigin?: 'final_state' | 'folded' | undefined;
}

interface Entry {
  /** Grows to MAX_JOURNAL_EVENTS, then is written round. */
  readonly ring: TypedEvent[];
  /** Had an event since the forgetting clock last passed it (second chance, see forgetOne). */
  referenced: boolean;
  /** Next slot to write. */
  head: number;
  seen: number;
  lastSeq: number;
  /** Folded state so far (undefined before workflow_started); patches after it wait in `pending`. */
  state: Json | undefined;
  pending: Json[];
  final: boolean;
  /** Bumped on every change; the view built for it is cached until then. */
  version: number;
  cached?: { version: number; view: JournalView } | undefined;
}

/**
 * Keeps, per recently active execution, a ring of its last events and its folded state, so the detail
 * view has a timeline and a state tab for any live execution the moment it is opened (the model keeps
 * no raw events, and a focus-only journal would start empty). Cheap on the ingest path: a map lookup and
 * a reference stored per event; patches are folded only when read or when MAX_PENDING_PATCHES pile up.
 * The complete history stays `jamjet inspect --events`'s, from the store.
 */
export class EventJournal implements MonitorSink {
  readonly name = 'journal';
  private readonly entries = new Map<string, Entry>();
  private lastId: string | undefined;
  private lastEntry: Entry | undefined;
  /** The execution the view last asked for: the one on screen, never forgotten. */
  private viewed: string | undefined;
  /** Executions forgotten past MAX_JOURNAL_EXECUTIONS. */
  forgotten = 0;

  events(events: readonly TypedEvent[]): void {
    for (let i = 0; i < events.length; i++) this.add(events[i]!);
  }

  /** The journal of one execution, or undefined when it has none (never seen, or forgotten). */
  view(executionId: string): JournalView | undefined {
    this.viewed = executionId;
    const entry = this.entries.get(executionId);
    if (!entry) return undefined;
    if (entry.cached?.version === entry.version) return entry.cached.view;
    flushPatches(entry);
    const kept: TypedEvent[] = [];
    const n = entry.ring.length;
    for (let i = 0; i < n; i++) kept.push(entry.ring[(entry.head + i) % n]!);
    const view: JournalView = Object.freeze({
      executionId,
      events: Object.freeze(timeline(kept.map((e) => e.envelope))),
      seen: entry.seen,
      state: entry.state === undefined ? undefined : hideBudget(entry.state),
      stateOrigin: entry.state === undefined ? undefined : entry.final ? 'final_state' : 'folded',
    });
    entry.cached = { version: entry.version, view };
    return view;
  }

  /** Executions journaled right now (at most MAX_JOURNAL_EXECUTIONS). */
  get size(): number {
    return this.entries.size;
  }

  close(): Promise<void> {
    this.entries.clear();
    this.lastEntry = undefined;
    this.lastId = undefined;
    return Promise.resolve();
  }

  private add(event: TypedEvent): void {
    const id = event.executionId;
    // Events of one execution come in runs: the last entry saves the map lookup.
    let entry = id === this.lastId ? this.lastEntry : this.entries.get(id);
    if (!entry) {
      if (this.entries.size >= MAX_JOURNAL_EXECUTIONS) this.forgetOne();
      entry = newEntry();
      this.entries.set(id, entry);
    } else {
      entry.referenced = true;
    }
    this.lastId = id;
    this.lastEntry = entry;
    if (event.sequence <= entry.lastSeq && holds(entry, event.sequence)) return; // a repeat
    if (event.sequence > entry.lastSeq) entry.lastSeq = event.sequence;
    if (entry.ring.length < MAX_JOURNAL_EVENTS) {
      entry.ring.push(event);
    } else {
      entry.ring[entry.head] = event;
      entry.head = (entry.head + 1) % MAX_JOURNAL_EVENTS;
    }
    entry.seen++;
    entry.version++;
    foldEvent(entry, event);
  }

  /**
   * Forgets an execution that went without events the longest, approximately (the CLOCK policy: the
   * oldest entry that had an event since the last pass goes round again), and never the one on screen.
   * Amortised constant time: no scan per new execution.
   */
  private forgetOne(): void {
    for (let turns = 0; turns <= 2 * this.entries.size; turns++) {
      const next = this.entries.entries().next();
      if (next.done) return;
      const [id, entry] = next.value;
      this.entries.delete(id);
      if (entry.referenced || id === this.viewed) {
        entry.referenced = false;
        this.entries.set(id, entry);
        continue;
      }
      if (id === this.lastId) this.lastId = undefined;
      this.forgotten++;
      return;
    }
  }
}

function newEntry(): Entry {
  return { ring: [], referenced: false, head: 0, seen: 0, lastSeq: 0, state: undefined, pending: [], final: false, version: 0 };
}

/** Whether the ring holds an event with this sequence (only asked for out-of-order or repeated ones). */
function holds(entry: Entry, sequence: number): boolean {
  return entry.ring.some((e) => e.sequence === sequence);
}

/**
 * Folds as core/inspect/fold-state.ts does, in arrival order (the model applies in sequence order; the
 * sources deliver in sequence unless their input is out of order).
 */
function foldEvent(entry: Entry, event: TypedEvent): void {
  const kind = event.envelope.kind;
  switch (kind.type) {
    case 'workflow_started':
      entry.state = (kind['initial_input'] ?? {}) as Json;
      entry.pending.length = 0;
      entry.final = false;
      return;
    case 'workflow_completed':
      if (kind['final_state'] === undefined) return;
      entry.state = kind['final_state'] as Json;
      entry.pending.length = 0;
      entry.final = true;
      return;
    case 'node_completed':
    case 'approval_received': {
      const patch = kind['state_patch'];
      if (patch === undefined || patch === null || entry.final || entry.state === undefined) return;
      entry.pending.push(patch as Json);
      if (entry.pending.length >= MAX_PENDING_PATCHES) flushPatches(entry);
      return;
    }
  }
}

function flushPatches(entry: Entry): void {
  for (const patch of entry.pending) entry.state = mergePatch(entry.state, patch);
  entry.pending.length = 0;
}
