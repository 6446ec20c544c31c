// What must hold of the model after any input, read through its public views only (summaries, trees, usage,
// queue depth, status counts, ingest counters). Each check is a rule the design states (docs/architecture.md,
// model-views.ts, types.ts); `modelViolations` returns them broken, as lines, so the fuzz tests can assert none
// and the fuzz bench can count them.
import type { RejectionReason } from '../../source/core/decode/event.js';
import type { SeriesStore } from '../../source/core/metrics/series-store.js';
import type { ExecutionModel, ModelCaps } from '../../source/core/model/execution-model.js';
import { MAX_MODELS_PER_EXECUTION } from '../../source/core/model/model-state.js';
import { MAX_NOTES_PER_ATTEMPT, MAX_TOOL_CALLS_PER_ATTEMPT, MAX_WAITS_PER_ATTEMPT } from '../../source/core/model/attempt-ops.js';
import { MAX_EVAL_SCORERS } from '../../source/core/model/eval-scorers.js';
import { MAX_USAGE_MODELS, MAX_USAGE_WORKFLOWS } from '../../source/core/model/usage-breakdown.js';
import type { ExecutionStatus, ExecutionSummary, ModelEffect, Totals } from '../../source/core/model/types.js';

/** What the harness fed the model, and what the model told its sinks: the other side of every count. */
export class FeedLedger {
  /** Decoded events handed to `apply`. */
  events = 0;
  /** Rejections handed to `recordRejection`, by reason. */
  readonly rejections = new Map<RejectionReason, number>();
  /** Sum of every `tokens_used` effect, and the same per execution. */
  readonly effectTotals = mutableTotals();
  readonly effectTotalsById = new Map<string, ReturnType<typeof mutableTotals>>();
  /** Executions that ended, by id, from `execution_ended` effects (an execution ends once). */
  readonly ended = new Map<string, number>();

  /** Records a batch of effects as a sink receives them. */
  effects(effects: readonly ModelEffect[]): void {
    for (const e of effects) {
      if (e.type === 'execution_ended') this.ended.set(e.executionId, (this.ended.get(e.executionId) ?? 0) + 1);
      if (e.type !== 'tokens_used') continue;
      let byId = this.effectTotalsById.get(e.executionId);
      if (byId === undefined) this.effectTotalsById.set(e.executionId, (byId = mutableTotals()));
      for (const t of [this.effectTotals, byId]) {
        t.inputTokens += e.inputTokens;
        t.outputTokens += e.outputTokens;
        t.costUsd += e.costUsd ?? 0;
        t.unpricedTokens += e.costSource === 'unpriced' ? e.inputTokens + e.outputTokens : 0;
      }
    }
  }

  /** Counts a rejection fed to the model. */
  reject(reason: RejectionReason): void {
    this.rejections.set(reason, (this.rejections.get(reason) ?? 0) + 1);
  }
}

function mutableTotals(): { inputTokens: number; outputTokens: number; costUsd: number; unpricedTokens: number } {
  return { inputTokens: 0, outputTokens: 0, costUsd: 0, unpricedTokens: 0 };
}

/**
 * Equal up to float summation order (the same numbers added in another order): exactly for integers below 2^53
 * (token counts), else within a relative 1e-9 (costs, and sums past 2^53), so that even a cost of 1e-12 is seen.
 */
function same(a: number, b: number): boolean {
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  if (Number.isSafeInteger(a) && Number.isSafeInteger(b)) return false;
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) + 1e-300;
}

const TOTAL_KEYS = ['inputTokens', 'outputTokens', 'costUsd', 'unpricedTokens'] as const;

/** Where two totals differ, as one line, or undefined when they agree. */
function totalsDiffer(what: string, a: Totals, b: Totals): string | undefined {
  const bad = TOTAL_KEYS.filter((k) => !same(a[k], b[k]));
  return bad.length === 0 ? undefined : `${what}: ${bad.map((k) => `${k} ${a[k]} != ${b[k]}`).join(', ')}`;
}

function sum(rows: readonly Totals[]): Totals {
  const out = mutableTotals();
  for (const r of rows) for (const k of TOTAL_KEYS) out[k] += r[k];
  return out;
}

const ID = /^exec_[0-9a-f]{32}$/;
const TERMINAL: ReadonlySet<ExecutionStatus> = new Set(['completed', 'failed', 'cancelled', 'limit_exceeded']);

/** Every invariant the model breaks right now, one line each; [] when it is sound. */
export function modelViolations(model: ExecutionModel, caps: ModelCaps, ledger: FeedLedger): string[] {
  const out: string[] = [];
  const fail = (line: string | undefined): void => {
    if (line !== undefined) out.push(line);
  };
  const summaries = model.summaries();
  const ingest = model.ingest();
  const totals = model.totals();
  const usage = model.usage();
  const noEviction = ingest.evicted === 0;

  // Ingest: every envelope fed is applied, a duplicate, held behind a gap, or late for an evicted execution;
  // every rejection fed is counted under its reason.
  const accounted = ingest.applied + ingest.duplicates + ingest.buffered + (ingest.lateAfterEviction ?? 0) + (ingest.droppedHeld ?? 0);
  if (accounted !== ledger.events) {
    out.push(`ingest: ${ledger.events} events fed, ${accounted} accounted for (applied ${ingest.applied}, duplicates ${ingest.duplicates}, buffered ${ingest.buffered}, late ${ingest.lateAfterEviction ?? 0}, dropped held ${ingest.droppedHeld ?? 0})`);
  }
  for (const [reason, n] of ledger.rejections) if ((ingest.rejected[reason] ?? 0) !== n) out.push(`rejected ${reason}: fed ${n}, counted ${ingest.rejected[reason] ?? 0}`);
  for (const [reason, n] of Object.entries(ingest.rejected)) if (!ledger.rejections.has(reason as RejectionReason)) out.push(`rejected ${reason}: counted ${n}, none fed`);
  if (ingest.buffered < 0 || ingest.buffered > caps.maxBufferedTotal) out.push(`buffered ${ingest.buffered} outside 0..${caps.maxBufferedTotal}`);
  if (ingest.unknownTypes > ingest.applied) out.push(`unknown types ${ingest.unknownTypes} > applied ${ingest.applied}`);

  // Totals: the usage rows add up to the totals, and so do the tokens_used effects the metrics count.
  fail(totalsDiffer('usage by model vs totals', sum(usage.byModel), totals));
  fail(totalsDiffer('usage by workflow vs totals', sum(usage.byWorkflow), totals));
  fail(totalsDiffer('tokens_used effects vs totals', ledger.effectTotals, totals));
  if (usage.byModel.length > MAX_USAGE_MODELS + 1) out.push(`usage: ${usage.byModel.length} model rows`);
  if (usage.byWorkflow.length > MAX_USAGE_WORKFLOWS + 1) out.push(`usage: ${usage.byWorkflow.length} workflow rows`);
  for (const k of ['inputTokens', 'outputTokens', 'costUsd', 'unpricedTokens'] as const) if (!(totals[k] >= 0)) out.push(`totals.${k} = ${totals[k]}`);

  // Caps on what is kept.
  if (summaries.length > caps.maxExecutions) out.push(`${summaries.length} executions > cap ${caps.maxExecutions}`);
  const finished = summaries.filter((s) => TERMINAL.has(s.status));
  if (finished.length > caps.maxFinishedExecutions) out.push(`${finished.length} finished executions > cap ${caps.maxFinishedExecutions}`);

  // Status counts and states agree with the list.
  const counts = model.statusCounts();
  const listed: Record<string, number> = {};
  for (const s of summaries) listed[s.status] = (listed[s.status] ?? 0) + 1;
  for (const [status, n] of Object.entries(counts)) if ((listed[status] ?? 0) !== n) out.push(`statusCounts.${status} ${n} != ${listed[status] ?? 0} listed`);
  const states = model.executionStates();
  const unfinished = summaries.filter((s) => !TERMINAL.has(s.status));
  const stale = unfinished.filter((s) => s.stale);
  if (states.running + states.paused + states.stale !== unfinished.length) out.push(`executionStates ${JSON.stringify(states)} vs ${unfinished.length} unfinished`);
  if (states.stale !== stale.length) out.push(`executionStates.stale ${states.stale} != ${stale.length} listed stale`);
  if (states.running < 0 || states.paused < 0) out.push(`executionStates negative: ${JSON.stringify(states)}`);
  const active = new Set(model.activeExecutionIds());
  // Tracked but not listed: an execution whose every event is still held behind a gap (one held event at least each).
  if (unfinished.some((s) => !active.has(s.id)) || active.size - unfinished.length > ingest.buffered || active.size < unfinished.length) {
    out.push(`activeExecutionIds (${active.size}) vs unfinished listed (${unfinished.length}) with ${ingest.buffered} held`);
  }

  // Queue depth: never negative, its parts add up, and it is what the live executions hold queued.
  const depth = model.queueDepth();
  const byQueue = Object.values(depth.byQueue);
  if (depth.total < 0) out.push(`queue depth ${depth.total} < 0`);
  if (byQueue.some((n) => n <= 0)) out.push(`queue depth has an empty or negative queue: ${JSON.stringify(depth.byQueue)}`);
  if (byQueue.reduce((a, b) => a + b, 0) !== depth.total) out.push(`queue depth ${depth.total} != sum by queue ${JSON.stringify(depth.byQueue)}`);
  const queuedLive = unfinished.filter((s) => !s.stale).reduce((a, s) => a + s.queuedNodes, 0);
  if (depth.total !== queuedLive) out.push(`queue depth ${depth.total} != ${queuedLive} queued in live executions`);
  const activity = model.queueActivity(Number.MAX_SAFE_INTEGER);
  if (activity.busyWorkers > activity.workers) out.push(`busy workers ${activity.busyWorkers} > workers ${activity.workers}`);

  const ids = new Set<string>();
  const byId = new Map(summaries.map((s) => [s.id, s]));
  let ownSum: Totals = mutableTotals();
  for (const s of summaries) {
    if (!ID.test(s.id)) out.push(`summary id ${JSON.stringify(s.id)} is not exec_ + 32 hex`);
    if (ids.has(s.id)) out.push(`${s.id} listed twice`);
    ids.add(s.id);
    ownSum = sum([ownSum, s.totals]);
    checkExecution(model, caps, s, ledger, noEviction, out, byId);
  }
  // Every token counted once: the executions in memory hold all of it while none was evicted.
  if (noEviction) fail(totalsDiffer('sum of executions\' own totals vs totals', ownSum, totals));
  for (const [id, n] of ledger.ended) if (n > 1) out.push(`${id} ended ${n} times`);
  return out;
}

/** The rules of one execution: its status fields, its tree, its caps, its totals against its spans and effects. */
function checkExecution(
  model: ExecutionModel, caps: ModelCaps, s: ExecutionSummary, ledger: FeedLedger, noEviction: boolean, out: string[], byId: ReadonlyMap<string, ExecutionSummary>,
): void {
  const terminal = TERMINAL.has(s.status);
  const at = s.id.slice(0, 13);
  if (terminal && s.stale) out.push(`${at}: ${s.status} and stale`);
  if (terminal !== (s.endedAt !== undefined)) out.push(`${at}: ${s.status} with endedAt ${s.endedAt}`);
  if (terminal !== (ledger.ended.get(s.id) !== undefined) && noEviction) out.push(`${at}: ${s.status} but execution_ended seen ${ledger.ended.get(s.id) ?? 0} times`);
  if (terminal && s.queuedNodes !== 0) out.push(`${at}: ${s.status} with ${s.queuedNodes} queued`);
  if (!terminal && (s.status === 'paused') !== s.waitingApproval) out.push(`${at}: ${s.status} but waitingApproval ${s.waitingApproval}`);
  if (s.queuedNodes < 0) out.push(`${at}: queuedNodes ${s.queuedNodes}`);
  if (s.eventCount < 1) out.push(`${at}: listed with ${s.eventCount} events`);
  if (s.models.length > MAX_MODELS_PER_EXECUTION) out.push(`${at}: ${s.models.length} models`);
  for (const k of TOTAL_KEYS) if (s.subtreeTotals[k] < s.totals[k] && s.totals[k] >= 0) out.push(`${at}: subtree ${k} ${s.subtreeTotals[k]} < own ${s.totals[k]}`);
  if (noEviction) {
    // The effects the metrics count for this execution are its own totals (one per model call).
    const effects = ledger.effectTotalsById.get(s.id) ?? mutableTotals();
    const d = totalsDiffer(`${at}: tokens_used effects vs own totals`, effects, s.totals);
    if (d !== undefined) out.push(d);
  }

  const tree = model.tree(s.id);
  if (tree === undefined) {
    out.push(`${at}: listed but has no tree`);
    return;
  }
  if (tree.summary !== s && JSON.stringify(tree.summary) !== JSON.stringify(s)) out.push(`${at}: the tree's summary differs from the list's`);
  let attempts = 0;
  let queuedSpans = 0;
  const spanTotals = mutableTotals();
  let links = 0;
  for (const node of tree.nodes) {
    attempts += node.attempts.length;
    const nodeSpans = mutableTotals();
    for (const span of node.attempts) {
      if (span.status === 'queued') queuedSpans++;
      if (span.childExecutionId !== undefined) links++;
      if (span.notes.length > MAX_NOTES_PER_ATTEMPT) out.push(`${at}: ${span.id} has ${span.notes.length} notes`);
      if (span.waits.length > MAX_WAITS_PER_ATTEMPT) out.push(`${at}: ${span.id} has ${span.waits.length} waits`);
      if ((span.toolCalls?.length ?? 0) > MAX_TOOL_CALLS_PER_ATTEMPT) out.push(`${at}: ${span.id} has ${span.toolCalls?.length} tool calls`);
      if ((span.scorers?.length ?? 0) > MAX_EVAL_SCORERS) out.push(`${at}: ${span.id} has ${span.scorers?.length} scorers`);
      // Events after the terminal one still update spans (the log is not sealed), but nothing is held for a human.
      if (terminal && span.status === 'waiting') out.push(`${at}: ${s.status} with ${span.id} waiting`);
      if (span.durationMs !== undefined && !(span.durationMs >= 0)) out.push(`${at}: ${span.id} duration ${span.durationMs}`);
      for (const t of [spanTotals, nodeSpans]) {
        t.inputTokens += span.inputTokens ?? 0;
        t.outputTokens += span.outputTokens ?? 0;
        t.costUsd += span.costUsd ?? 0;
        t.unpricedTokens += span.costSource === 'unpriced' ? (span.inputTokens ?? 0) + (span.outputTokens ?? 0) : 0;
      }
    }
    // A node's totals are its attempts' plus the subtree of each child workflow its attempts started, as listed
    // (one not listed, with nothing evicted, has nothing applied; after an eviction a tree loses an evicted child:
    // docs/architecture.md, known debt).
    const children = new Set(node.attempts.map((a) => a.childExecutionId).filter((id): id is string => id !== undefined && id !== s.id));
    const ownChildren = [...children].every((id) => byId.get(id) !== undefined || noEviction);
    if (s.droppedAttempts === undefined && ownChildren) {
      const expected = sum([nodeSpans, ...[...children].map((id) => byId.get(id)?.subtreeTotals ?? mutableTotals())]);
      const d = totalsDiffer(`${at}: node ${node.nodeId} vs its attempts plus its children's subtrees`, node.totals, expected);
      if (d !== undefined) out.push(d);
    }
  }
  if (attempts > caps.maxAttemptsPerExecution) out.push(`${at}: ${attempts} attempts > cap ${caps.maxAttemptsPerExecution}`);
  if (!terminal && queuedSpans !== s.queuedNodes) out.push(`${at}: ${queuedSpans} queued spans but queuedNodes ${s.queuedNodes}`);
  // Own totals are the sum of its attempts' usage, as long as none was dropped past the attempt cap.
  if (s.droppedAttempts === undefined) {
    const d = totalsDiffer(`${at}: attempts' usage vs own totals`, spanTotals, s.totals);
    if (d !== undefined) out.push(d);
  }
  // With no child workflow linked and nothing evicted, the subtree is the execution itself.
  if (links === 0 && noEviction && s.droppedAttempts === undefined) {
    const d = totalsDiffer(`${at}: subtree vs own totals with no child`, s.subtreeTotals, s.totals);
    if (d !== undefined) out.push(d);
  }
}

/**
 * What /metrics would say against the model: the token and cost counters equal the totals (metrics count effects,
 * one per model call: docs/architecture.md), rejections are counted under the reasons fed, and every execution
 * that ended once is counted once.
 */
export function metricsViolations(series: SeriesStore, model: ExecutionModel, ledger: FeedLedger): string[] {
  const out: string[] = [];
  const totals = model.totals();
  const tokens = series.read('tokens');
  const counted = {
    inputTokens: tokens.filter((r) => r.labels.direction === 'input').reduce((a, r) => a + r.value, 0),
    outputTokens: tokens.filter((r) => r.labels.direction === 'output').reduce((a, r) => a + r.value, 0),
    costUsd: series.read('cost').reduce((a, r) => a + r.value, 0),
  };
  for (const k of ['inputTokens', 'outputTokens', 'costUsd'] as const) if (!same(counted[k], totals[k])) out.push(`metrics ${k} ${counted[k]} != totals ${totals[k]}`);
  for (const r of series.read('eventsRejected')) {
    const fed = ledger.rejections.get(r.labels.reason as RejectionReason) ?? 0;
    if (r.value !== fed) out.push(`metrics rejected{reason="${r.labels.reason}"} ${r.value} != ${fed} fed`);
  }
  const ended = [...ledger.ended.values()].reduce((a, n) => a + n, 0);
  const executions = series.read('executions').reduce((a, r) => a + r.value, 0);
  if (executions !== ended) out.push(`metrics executions_total ${executions} != ${ended} ended`);
  return out;
}
