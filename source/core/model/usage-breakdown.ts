import type { MutableTotals } from './model-state.js';
import { freezeTotals, zeroTotals } from './model-state.js';
import type { Totals, UsageBreakdown, UsageRow } from './types.js';

/** Models with their own usage row; later ones are summed under {@link USAGE_OTHER}. */
export const MAX_USAGE_MODELS = 100;
/** Workflows with their own usage row; later ones are summed under {@link USAGE_OTHER}. */
export const MAX_USAGE_WORKFLOWS = 200;
/** The row every model or workflow past its cap is summed into (the metrics' overflow label value too). */
export const USAGE_OTHER = 'other';
/** The row of usage with no model or workflow named (as the metrics label it). */
export const USAGE_UNKNOWN = 'unknown';

/** One bounded table of totals by name: the first `max` names get a row, the rest share `other`. */
class CappedTotals {
  private readonly rows = new Map<string, MutableTotals>();
  private other: MutableTotals | undefined;
  private cache: readonly UsageRow[] | undefined;

  constructor(private readonly max: number) {}

  add(name: string | undefined, input: number, output: number, cost: number, unpriced: number): void {
    const key = name === undefined || name === '' ? USAGE_UNKNOWN : name;
    let row = this.rows.get(key);
    if (row === undefined) {
      if (this.rows.size < this.max) this.rows.set(key, (row = zeroTotals()));
      else row = this.other ??= zeroTotals();
    }
    row.inputTokens += input;
    row.outputTokens += output;
    row.costUsd += cost;
    row.unpricedTokens += unpriced;
    this.cache = undefined;
  }

  /** Rows by spend, then tokens, then name; `other` last. */
  view(): readonly UsageRow[] {
    if (this.cache !== undefined) return this.cache;
    const rows: UsageRow[] = [...this.rows].map(([name, t]) => row(name, t));
    rows.sort((a, b) => b.costUsd - a.costUsd || b.inputTokens + b.outputTokens - (a.inputTokens + a.outputTokens) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (this.other !== undefined) rows.push(row(USAGE_OTHER, this.other));
    return (this.cache = Object.freeze(rows));
  }
}

function row(name: string, t: Totals): UsageRow {
  return Object.freeze({ name, ...freezeTotals(t) });
}

/**
 * Tokens and cost by model and by workflow over everything applied since start, evicted executions
 * included (the model adds to it where it adds to its global totals, so each token counts once). A
 * workflow's row holds its executions' own usage: a child workflow's usage is its own workflow's, never
 * also its parent's, so the rows add up to the totals.
 */
export class UsageTable {
  private readonly models: CappedTotals;
  private readonly workflows: CappedTotals;

  constructor(maxModels = MAX_USAGE_MODELS, maxWorkflows = MAX_USAGE_WORKFLOWS) {
    this.models = new CappedTotals(maxModels);
    this.workflows = new CappedTotals(maxWorkflows);
  }

  /** Adds one model call's usage; `unpriced` is its tokens when its model has no price. */
  add(model: string | undefined, workflowId: string | undefined, input: number, output: number, cost: number, unpriced: number): void {
    this.models.add(model, input, output, cost, unpriced);
    this.workflows.add(workflowId, input, output, cost, unpriced);
  }

  /** Frozen rows, rebuilt only after something was added. */
  view(): UsageBreakdown {
    return { byModel: this.models.view(), byWorkflow: this.workflows.view() };
  }
}
