import type { RejectionReason, TypedEvent } from '../decode/event.js';
import type { ReduceContext } from './reduce-context.js';
import type { ExecState } from './model-state.js';
import type { PriceTable } from './price-table.js';
import type { SourceState } from '../sources/event-source.js';
import type { ExecutionStates, ExecutionStatus, ExecutionSummary, ExecutionTree, IngestCounters, ModelEffect, QueueActivity, QueueDepth, Totals, UsageBreakdown } from './types.js';
import { dequeue, release } from './attempt-ops.js';
import { normaliseExecutionId } from '../decode/execution-id.js';
import { addTotals, freezeTotals, isSet, newExecState, zeroTotals } from './model-state.js';
import { MAX_TREE_DEPTH, subtreeTotals, summaryOf, treeOf } from './model-views.js';
import { BUILT_IN_PRICES } from './price-table.js';
import { QueueCounter } from './queue-counter.js';
import { executionEnded, reduceEvent } from './reduce-event.js';
import { ActiveList } from './active-list.js';
import { FifoQueue } from './fifo-queue.js';
import { SequenceGate } from './sequence-gate.js';
import { SourceLiveness, SOURCE_DOWN_GRACE_MS } from './source-liveness.js';
import { StaleMarks } from './stale-marks.js';
import { StatePool } from './state-pool.js';
import { Tombstones } from './tombstones.js';
import { UsageTable } from './usage-breakdown.js';
import { WorkerActivity } from './worker-activity.js';
import { queueActivity } from './queue-activity.js';
import { DEFAULT_MODEL_CAPS, type ModelCaps } from './model-caps.js';

export { DEFAULT_MODEL_CAPS, type ModelCaps } from './model-caps.js';

/** Options for the model: prices (built-in plus jamjet.toml overrides), memory caps, stale grace. */
export interface ModelOptions {
  prices?: PriceTable;
  caps?: Partial<ModelCaps>;
  /** How long a source may be away before its unfinished executions are stale (default SOURCE_DOWN_GRACE_MS). */
  sourceDownGraceMs?: number;
  /**
   * Whether the model makes effects for sinks (default true). A replay that only reads the tree back (inspect)
   * turns them off: no span view or summary is built per ended attempt or execution only to be thrown away.
   */
  effects?: boolean;
}

/**
 * The reducer: turns events into live execution trees. Deterministic (time comes from events and the
 * `now` argument, never the clock), no I/O; updates its own maps in place and hands out frozen snapshots.
 */
export class ExecutionModel {
  private readonly caps: ModelCaps;
  private readonly execs = new Map<string, ExecState>();
  /** Non-terminal executions, least recently active first (moved to the end on every event). */
  private readonly active = new ActiveList<ExecState>();
  /** Terminal executions, oldest-ended first. */
  private readonly finished = new FifoQueue<ExecState>();
  private readonly tombstones: Tombstones;
  private readonly childLinks = new Map<string, { parentId: string; nodeId: string }>();
  /**
   * A child's parents besides the one it names (a child linked from two parents): their cached views count it
   * too, so they must follow its changes. Empty unless an event log links one child twice.
   */
  private readonly otherParents = new Map<string, Set<string>>();
  private readonly counts: Record<ExecutionStatus, number> = { running: 0, paused: 0, completed: 0, failed: 0, cancelled: 0, limit_exceeded: 0 };
  private readonly rejected: Partial<Record<RejectionReason, number>> = {};
  private readonly gate: SequenceGate;
  private readonly ctx: ReduceContext;
  private readonly liveness: SourceLiveness;
  private readonly stale: StaleMarks;
  private applied = 0;
  private duplicates = 0;
  private evicted = 0;
  private evictedActive = 0;
  private lateAfterEviction = 0;
  private droppedHeld = 0;
  private changes = 0;
  private summariesCache: { version: number; list: readonly ExecutionSummary[] } | undefined;
  /** The last tree built, kept while nothing changed (a paused or quiet screen, a key press between publishes). */
  private treeCache: { version: number; id: string; tree: ExecutionTree | undefined } | undefined;
  private readonly lookup = (id: string): ExecState | undefined => this.execs.get(id);

  constructor(options: ModelOptions = {}) {
    this.caps = { ...DEFAULT_MODEL_CAPS, ...options.caps };
    this.tombstones = new Tombstones(this.caps.maxTombstones);
    this.liveness = new SourceLiveness(options.sourceDownGraceMs ?? SOURCE_DOWN_GRACE_MS);
    this.stale = new StaleMarks(this.active, (exec) => {
      this.changes++;
      this.touch(exec);
    });
    this.ctx = {
      prices: options.prices ?? BUILT_IN_PRICES,
      effects: [],
      emit: options.effects ?? true,
      global: zeroTotals(),
      usage: new UsageTable(),
      workers: new WorkerActivity(),
      queue: new QueueCounter(),
      maxAttemptsPerExecution: this.caps.maxAttemptsPerExecution,
      pool: new StatePool(),
      unknownTypes: 0,
      linkChild: (parent, nodeId, childId) => this.linkChild(parent, nodeId, childId),
    };
    this.gate = new SequenceGate(this.caps, (exec, event, source) => this.reduce(exec, event, source));
  }

  /** Bumps whenever anything observable changed (publish only when it moved). */
  get version(): number {
    return this.changes;
  }

  /** Applies one decoded event from `sourceId`: dedupe by execution id + sequence, buffer gaps, reduce. */
  apply(event: TypedEvent, sourceId: string, now: number): void {
    this.changes++;
    const id = event.executionId;
    let exec = this.execs.get(id);
    if (exec === undefined) {
      const tombSeq = this.tombstones.maxSeq(id);
      if (tombSeq !== undefined) {
        if (event.sequence <= tombSeq) {
          this.duplicates++;
          return;
        }
        if (this.tombstones.finished(id)) {
          this.lateAfterEviction++;
          return;
        }
        this.tombstones.forget(id);
      }
      if (this.execs.size >= this.caps.maxExecutions) this.evictOne();
      exec = newExecState(id, sourceId, this.ctx.pool);
      if (tombSeq !== undefined) {
        // A running execution evicted for room and still going: carry on after what was applied.
        exec.watermark = tombSeq;
        exec.maxApplied = tombSeq;
      }
      const link = this.childLinks.get(id);
      if (link !== undefined) {
        exec.parentExecutionId = link.parentId;
        exec.parentNodeId = link.nodeId;
      }
      this.execs.set(id, exec);
    }
    if (!exec.terminal) this.active.touch(exec);
    // Whatever it brings (a repeat included), the source that delivered it is sending: not stale.
    exec.lastSource = sourceId;
    if (exec.stale) this.stale.set(exec, false);
    if (!this.gate.offer(exec, event, sourceId, now)) this.duplicates++;
    this.enforceFinishedCap();
  }

  /**
   * Gives up on gaps older than gapTimeoutMs (applies what was buffered, in order, counting one gap each),
   * and marks stale the executions of sources away for longer than the grace.
   */
  tick(now: number): void {
    if (this.gate.expire(now)) {
      this.changes++;
      this.enforceFinishedCap();
    }
    for (const id of this.liveness.expire(now)) this.stale.markSource(id, true);
  }

  /**
   * Records a source's connection state at `now`. Its unfinished executions become stale once it has been
   * away for longer than the grace (on a later tick), or at once when it ended for good (a replay that
   * reached its end, a finished stdin); they are live again as soon as it is connected or sends again.
   */
  sourceState(sourceId: string, state: SourceState, now: number): void {
    const change = this.liveness.report(sourceId, state, now);
    if (change !== undefined) this.stale.markSource(sourceId, change === 'stale');
  }

  /** Counts an envelope the decoder rejected. */
  recordRejection(reason: RejectionReason): void {
    this.changes++;
    this.rejected[reason] = (this.rejected[reason] ?? 0) + 1;
  }

  /** The effects caused since the last drain, each exactly once. */
  drainEffects(): ModelEffect[] {
    const out = this.ctx.effects;
    this.ctx.effects = [];
    return out;
  }

  /**
   * Zeroes the applied and duplicate counts (the restored replay of a restart: those events were counted by the run
   * that first applied them, and jamjet_top_events_applied_total must not count them again).
   */
  resetIngestCounts(): void {
    this.applied = 0;
    this.duplicates = 0;
  }

  /**
   * Every execution in memory: running and paused first (newest first), then stale ones (newest first),
   * then finished (most recently ended first).
   */
  summaries(): readonly ExecutionSummary[] {
    if (this.summariesCache?.version === this.changes) return this.summariesCache.list;
    const live: ExecutionSummary[] = [];
    const stale: ExecutionSummary[] = [];
    const done: ExecutionSummary[] = [];
    for (const exec of this.execs.values()) {
      if (!exec.visible) continue;
      (exec.terminal ? done : exec.stale ? stale : live).push(summaryOf(exec, this.lookup));
    }
    const newestFirst = (a: ExecutionSummary, b: ExecutionSummary): number => (b.startedAt ?? 0) - (a.startedAt ?? 0) || compareIds(a.id, b.id);
    live.sort(newestFirst);
    stale.sort(newestFirst);
    done.sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0) || compareIds(a.id, b.id));
    const list = Object.freeze(live.concat(stale, done));
    this.summariesCache = { version: this.changes, list };
    return list;
  }

  /** The tree of one execution (either id form), children nested under their nodes. */
  tree(executionId: string): ExecutionTree | undefined {
    const id = normaliseExecutionId(executionId);
    if (id !== undefined && this.treeCache?.id === id && this.treeCache.version === this.changes) return this.treeCache.tree;
    const exec = id === undefined ? undefined : this.execs.get(id);
    const tree = exec === undefined || !exec.visible ? undefined : treeOf(exec, this.lookup);
    if (id !== undefined) this.treeCache = { version: this.changes, id, tree };
    return tree;
  }

  /**
   * Node work items queued (scheduled, re-scheduled or parked, not yet started or ended), overall and per
   * queue_type, of executions that are not stale: what a dead source left queued is not known to be queued.
   */
  queueDepth(): QueueDepth {
    return this.ctx.queue.snapshot(this.stale.list());
  }

  /**
   * The oldest queued item's scheduled time, overall and per queue type, and busy workers against workers
   * seen recently, of executions that are not stale (as queue depth). One walk over the unfinished
   * executions' latest attempts, at publish time, not per event.
   */
  queueActivity(now: number): QueueActivity {
    return queueActivity(this.active, this.ctx.workers, now);
  }

  /** Tokens and cost over everything applied since start, evicted executions included, each token once. */
  totals(): Totals {
    return freezeTotals(this.ctx.global);
  }

  /** Tokens and cost by model and by workflow, evicted executions included; capped (usage-breakdown.ts). */
  usage(): UsageBreakdown {
    return this.ctx.usage.view();
  }

  /** Executions in memory by status (the runtime's status: a stale execution counts under running or paused). */
  statusCounts(): Record<ExecutionStatus, number> {
    return { ...this.counts };
  }

  /** Unfinished executions by what the monitor knows of them: running and paused (live), and stale. */
  executionStates(): ExecutionStates {
    let running = this.counts.running;
    let paused = this.counts.paused;
    let stale = 0;
    for (const exec of this.stale.list()) {
      // One whose every event is still held behind a gap is in no count yet (not listed): not stale either.
      if (!exec.visible) continue;
      stale++;
      if (exec.status === 'paused') paused--;
      else running--;
    }
    return Object.freeze({ running, paused, stale });
  }

  /**
   * Per workflow, how long its longest-running live execution (running, not stale, start seen) has been
   * running at `now`, in ms: what the stuck-execution alert compares with the workflow's p99.
   */
  longestRunning(now: number): Map<string, number> {
    const out = new Map<string, number>();
    this.active.forEach((exec) => {
      if (exec.status !== 'running' || exec.stale || !isSet(exec.startedAt) || exec.workflowId === undefined) return;
      const ms = Math.max(0, now - exec.startedAt);
      if (ms > (out.get(exec.workflowId) ?? -1)) out.set(exec.workflowId, ms);
    });
    return out;
  }

  /** Ingest health counters. */
  ingest(): IngestCounters {
    return Object.freeze({
      applied: this.applied, duplicates: this.duplicates, gaps: this.gate.gaps, buffered: this.gate.bufferedTotal,
      unknownTypes: this.ctx.unknownTypes, rejected: Object.freeze({ ...this.rejected }), evicted: this.evicted,
      evictedActive: this.evictedActive, lateAfterEviction: this.lateAfterEviction, droppedHeld: this.droppedHeld,
    });
  }

  /** Ids of executions not yet terminal (to resume polling or restore after restart). */
  activeExecutionIds(): string[] {
    return this.active.toArray().map((e) => e.id);
  }

  private reduce(exec: ExecState, event: TypedEvent, source: string): void {
    const before = exec.status;
    const wasTerminal = exec.terminal;
    reduceEvent(this.ctx, exec, event, source);
    this.applied++;
    // A held event applied after its source went stale (a gap given up on) may end the execution.
    if (exec.terminal) this.stale.set(exec, false);
    this.touch(exec);
    if (!exec.visible) {
      exec.visible = true;
      this.counts[exec.status]++;
    } else if (before !== exec.status) {
      this.counts[before]--;
      this.counts[exec.status]++;
    }
    if (!wasTerminal && exec.terminal) {
      this.active.remove(exec);
      this.finished.push(exec);
      // After touch and the stale reset: the summary is the one the list shows, cached until it next changes.
      if (this.ctx.emit) this.ctx.effects.push(executionEnded(exec, summaryOf(exec, this.lookup), source));
    }
  }

  /** Marks an execution and its ancestors changed (their subtree totals include it). */
  private touch(exec: ExecState): void {
    exec.rev++;
    if (this.otherParents.size > 0) {
      this.touchAllParents(exec);
      return;
    }
    let parentId = exec.parentExecutionId;
    for (let depth = 0; parentId !== undefined && depth < MAX_TREE_DEPTH; depth++) {
      const parent = this.execs.get(parentId);
      if (parent === undefined) break;
      parent.rev++;
      parentId = parent.parentExecutionId;
    }
  }

  /** touch's walk when some child has two parents: every parent, level by level, each once. */
  private touchAllParents(exec: ExecState): void {
    const seen = new Set<string>([exec.id]);
    let level: ExecState[] = [exec];
    for (let depth = 0; depth < MAX_TREE_DEPTH && level.length > 0; depth++) {
      const next: ExecState[] = [];
      for (const child of level) {
        const ids = this.otherParents.get(child.id);
        for (const id of child.parentExecutionId === undefined ? (ids ?? []) : [child.parentExecutionId, ...(ids ?? [])]) {
          const parent = seen.has(id) ? undefined : this.execs.get(id);
          if (parent === undefined) continue;
          seen.add(id);
          parent.rev++;
          next.push(parent);
        }
      }
      level = next;
    }
  }

  /** Remembers that `parentId` links `childId` too, beside the parent the child names. */
  private addOtherParent(childId: string, parentId: string): void {
    const set = this.otherParents.get(childId) ?? new Set<string>();
    // Bounded like a parent's children: a child linked from ever more parents stops being followed by the later ones.
    if (set.size < this.caps.maxAttemptsPerExecution) set.add(parentId);
    this.otherParents.set(childId, set);
  }

  private linkChild(parent: ExecState, nodeId: string, childId: string): void {
    // An execution naming itself as its child links nothing (else, evicted and back, it would name itself its parent).
    if (childId === parent.id) return;
    // Bounded like attempts: a node that spawns children forever must not grow this set forever.
    const childIds = (parent.childIds ??= new Set());
    if (childIds.size < this.caps.maxAttemptsPerExecution) childIds.add(childId);
    const earlier = this.childLinks.get(childId)?.parentId;
    this.childLinks.set(childId, { parentId: parent.id, nodeId });
    const child = this.execs.get(childId);
    if (child !== undefined && child !== parent && child.parentExecutionId === undefined) {
      child.parentExecutionId = parent.id;
      child.parentNodeId = nodeId;
      child.rev++;
    }
    // The parent the child names is followed by touch; any other one is remembered, so its views follow too.
    const named = child?.parentExecutionId ?? parent.id;
    if (named !== parent.id) this.addOtherParent(childId, parent.id);
    if (earlier !== undefined && earlier !== named) this.addOtherParent(childId, earlier);
  }

  private enforceFinishedCap(): void {
    while (this.finished.size > this.caps.maxFinishedExecutions) {
      const oldest = this.finished.peek();
      if (oldest === undefined) break;
      this.evict(oldest);
    }
  }

  private evictOne(): void {
    const victim = this.finished.peek() ?? this.active.first() ?? this.execs.values().next().value;
    if (victim === undefined) return;
    if (!victim.terminal) this.evictedActive++;
    this.evict(victim);
  }

  private evict(exec: ExecState): void {
    this.execs.delete(exec.id);
    if (exec.terminal) this.finished.remove(exec);
    else this.active.remove(exec);
    // Its held events go with it: counted, so every event offered is applied, a duplicate, held, late or dropped here.
    this.droppedHeld += this.gate.drop(exec);
    // Only queued or held attempts need undoing (a finished execution has none): skip the walk otherwise.
    if (exec.queuedCount > 0 || exec.heldCount > 0) {
      for (const node of exec.nodes.values()) {
        for (const att of node.attempts) {
          dequeue(this.ctx, exec, att);
          release(exec, att);
        }
      }
    }
    if (exec.visible) this.counts[exec.status]--;
    this.stale.forget(exec);
    if (exec.childIds !== undefined) {
      for (const childId of exec.childIds) {
        if (this.childLinks.get(childId)?.parentId === exec.id) this.childLinks.delete(childId);
        const others = this.otherParents.get(childId);
        if (others?.delete(exec.id) === true && others.size === 0) this.otherParents.delete(childId);
      }
    }
    // The parent's totals keep what this execution and its subtree used (they include its children's
    // everywhere they are shown); its cached views rebuild.
    const parent = exec.parentExecutionId === undefined ? undefined : this.execs.get(exec.parentExecutionId);
    if (parent !== undefined) {
      const gone = subtreeTotals(exec, this.lookup);
      if (gone.inputTokens + gone.outputTokens + gone.costUsd + gone.unpricedTokens > 0) addTotals((parent.evictedChildTotals ??= zeroTotals()), gone);
      this.touch(parent);
    }
    // Its other parents counted it too: their views rebuild without it (only the parent it names keeps its totals).
    // All of them are kept for when it comes back (a running execution evicted for room): childLinks names one.
    if (this.otherParents.has(exec.id)) {
      this.touchAllParents(exec);
      if (exec.parentExecutionId !== undefined) this.addOtherParent(exec.id, exec.parentExecutionId);
    }
    this.tombstones.remember(exec.id, exec.maxApplied, exec.terminal);
    this.evicted++;
    this.ctx.pool.release(exec);
  }
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
