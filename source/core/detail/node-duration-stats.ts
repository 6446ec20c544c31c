import { DDSketch } from '@datadog/sketches-js';
import type { ModelEffect } from '../model/types.js';
import type { MonitorSink } from '../monitor/monitor-sink.js';

/** (workflow, node) pairs with a duration sketch; attempts of pairs past it are counted, not kept. */
export const MAX_NODE_STAT_PAIRS = 2_000;
/** Completed attempts a pair needs before its percentiles are offered (fewer say little about "usual"). */
export const MIN_NODE_STAT_SAMPLES = 20;
/** Relative accuracy of each pair's sketch: a coarse sketch is small, and "slower than usual" needs no more. */
export const NODE_STAT_RELATIVE_ACCURACY = 0.02;

/** A node's usual duration in its workflow, from the attempts that completed since the monitor started. */
export interface NodeDurationStats {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
}

/** Usual durations per node id, per workflow id: only the workflows the detail asked for. */
export type NodeStatsData = Readonly<Record<string, Readonly<Record<string, NodeDurationStats>>>>;

/**
 * Per (workflow, node), a relative-error sketch of completed attempts' durations, fed by the model's
 * `attempt_ended` effects, so the detail view can mark a node slower than its workflow's p95 for it.
 * Nested maps keep the ingest path free of key strings; the number of pairs is capped.
 */
export class NodeDurationSketches implements MonitorSink {
  readonly name = 'node-stats';
  private readonly byWorkflow = new Map<string, Map<string, DDSketch>>();
  private pairs = 0;
  /** Completed attempts of pairs not tracked because MAX_NODE_STAT_PAIRS were taken. */
  untracked = 0;

  effects(effects: readonly ModelEffect[]): void {
    for (let i = 0; i < effects.length; i++) {
      const e = effects[i]!;
      if (e.type !== 'attempt_ended' || e.status !== 'completed' || e.workflowId === undefined || !Number.isFinite(e.durationMs)) continue;
      this.sketch(e.workflowId, e.nodeId)?.accept(Math.max(0, e.durationMs));
    }
  }

  /** The stats of one pair, or undefined with fewer than MIN_NODE_STAT_SAMPLES completed attempts. */
  stats(workflowId: string, nodeId: string): NodeDurationStats | undefined {
    const s = this.byWorkflow.get(workflowId)?.get(nodeId);
    if (!s || s.count < MIN_NODE_STAT_SAMPLES) return undefined;
    return { count: s.count, p50: s.getValueAtQuantile(0.5), p95: s.getValueAtQuantile(0.95) };
  }

  /** Every pair with enough samples, for the workflows named (the focused execution's and its children's). */
  forWorkflows(workflowIds: Iterable<string>): NodeStatsData {
    const out: Record<string, Record<string, NodeDurationStats>> = {};
    for (const wf of workflowIds) {
      const nodes = this.byWorkflow.get(wf);
      if (!nodes || wf in out) continue;
      const row: Record<string, NodeDurationStats> = {};
      for (const nodeId of nodes.keys()) {
        const s = this.stats(wf, nodeId);
        if (s) row[nodeId] = s;
      }
      out[wf] = row;
    }
    return out;
  }

  /** Pairs tracked right now (at most MAX_NODE_STAT_PAIRS). */
  get size(): number {
    return this.pairs;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private sketch(workflowId: string, nodeId: string): DDSketch | undefined {
    let nodes = this.byWorkflow.get(workflowId);
    let s = nodes?.get(nodeId);
    if (s) return s;
    if (this.pairs >= MAX_NODE_STAT_PAIRS) {
      this.untracked++;
      return undefined;
    }
    if (!nodes) {
      nodes = new Map();
      this.byWorkflow.set(workflowId, nodes);
    }
    s = new DDSketch({ relativeAccuracy: NODE_STAT_RELATIVE_ACCURACY });
    nodes.set(nodeId, s);
    this.pairs++;
    return s;
  }
}
