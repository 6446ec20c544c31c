// Issue 7, "numbers mean the same everywhere": one deterministic sim run with child workflows, fed to the
// model (the dashboard), the metrics registry and the store; for every execution, inspect's list (table and
// --json), inspect's detail (text and --json), the dashboard's row and tree title and the model's summary give
// the same tokens and cost, children included, with own + children = totals; and the own shares of all
// executions add up to what /metrics counted, so no roll-up is ever counted twice.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type InspectArgs } from '../../source/commands/inspect.js';
import { ManualClock } from '../../source/core/clock.js';
import { decodeEnvelope } from '../../source/core/decode/decode-envelope.js';
import type { TypedEvent } from '../../source/core/decode/event.js';
import { normaliseExecutionId } from '../../source/core/decode/execution-id.js';
import type { PromMetrics } from '../../source/core/metrics/prom-registry.js';
import { metricsRig } from '../helpers/metrics-rig.js';
import { ExecutionModel } from '../../source/core/model/execution-model.js';
import { BUILT_IN_PRICES, estimateCost } from '../../source/core/model/price-table.js';
import type { ExecutionSummary, Totals } from '../../source/core/model/types.js';
import { IngestPipeline } from '../../source/core/monitor/ingest-pipeline.js';
import { SqliteEventSink } from '../../source/core/store/sqlite-event-sink.js';
import { executionRow, treeUsage } from '../../source/view/format/execution-row.js';
import { formatUsd } from '../../source/view/format/money.js';
import { formatTokens } from '../../source/view/format/tokens.js';
import { inspectCaptured } from '../helpers/inspect-fixtures.js';
import { parseExposition, sumSamples } from '../helpers/parse-exposition.js';
import { runSimFor, SIM_T0 } from '../helpers/sim-fixtures.js';

const NOW = SIM_T0 + 3_600_000;
const COST_EPSILON = 1e-9;

interface Usage { input: number; output: number; cost: number }
interface ListRow { execution_id: string; input_tokens: number; output_tokens: number; cost_usd: number; parent_execution_id: string | null; own: { input_tokens: number; output_tokens: number; cost_usd: number } }
interface DetailTotals { input_tokens: number; output_tokens: number; cost_usd: number }

const usage = (t: Totals): Usage => ({ input: t.inputTokens, output: t.outputTokens, cost: t.costUsd });
const fromJson = (t: DetailTotals): Usage => ({ input: t.input_tokens, output: t.output_tokens, cost: t.cost_usd });
const minus = (a: Usage, b: Usage): Usage => ({ input: a.input - b.input, output: a.output - b.output, cost: a.cost - b.cost });
const plus = (a: Usage, b: Usage): Usage => ({ input: a.input + b.input, output: a.output + b.output, cost: a.cost + b.cost });
const ZERO: Usage = { input: 0, output: 0, cost: 0 };
const exact = (n: number): string => n.toLocaleString('en-US');

function assertSame(actual: Usage, expected: Usage, what: string): void {
  assert.deepEqual([actual.input, actual.output], [expected.input, expected.output], `${what}: tokens`);
  assert.ok(Math.abs(actual.cost - expected.cost) < COST_EPSILON, `${what}: cost ${actual.cost} vs ${expected.cost}`);
}

async function inspect(args: Partial<InspectArgs> & { db: string }): Promise<string> {
  const r = await inspectCaptured({ width: 200, now: NOW, ...args });
  assert.equal(r.code, 0, r.err);
  return r.out;
}

/** The decoded events of a sim run whose workload starts report_pipeline executions (each with a deep_research child). */
function simEvents(): TypedEvent[] {
  const { items } = runSimFor({ seed: 11, rate: 2, executions: 40 }, 400_000);
  return items.map((item) => {
    const r = decodeEnvelope(item.event, item.node_kind);
    if (!r.ok) throw new Error(r.rejection.detail);
    return r.event;
  });
}

interface Fed { model: ExecutionModel; prom: PromMetrics; db: string }

/** Feeds the same events, in batches, through one pipeline into the model, the metrics and a store file. */
async function feed(events: readonly TypedEvent[], db: string): Promise<Fed> {
  const clock = new ManualClock(NOW);
  const model = new ExecutionModel({ prices: BUILT_IN_PRICES });
  const { series, prom } = metricsRig();
  const sink = new SqliteEventSink({
    path: db, clock, thread: 'inline', costOf: (m, i, o) => estimateCost(BUILT_IN_PRICES, m, i, o),
  });
  // The series store alone as a sink: the metrics' effects, nothing polled; the registry serialises it.
  const metrics = { name: 'metrics', effects: (e: Parameters<typeof series.apply>[0]) => series.apply(e, NOW), close: () => Promise.resolve() };
  const pipeline = new IngestPipeline({ model, clock, sinks: [sink, metrics] });
  for (let i = 0; i < events.length; i += 64) {
    pipeline.batch({ sourceId: 'sim', events: events.slice(i, i + 64), rejections: [], cursor: String(i) });
  }
  pipeline.tick(NOW + 60_000);
  await sink.close();
  return { model, prom, db };
}

/** Tokens and cost cells of inspect's table (the last two columns), by execution id. */
function tableCells(text: string): Map<string, [string, string]> {
  const out = new Map<string, [string, string]>();
  for (const line of text.trimEnd().split('\n').slice(1)) {
    const cells = line.split(/ {2,}/);
    out.set(cells[0]!, [cells.at(-2)!, cells.at(-1)!]);
  }
  return out;
}

/** The tokens and cost lines of inspect's detail summary, parsed. */
function detailLines(text: string): { total: Usage; own?: Usage; children?: Usage; costs: string[] } {
  const n = (s: string): number => Number(s.replace(/,/g, ''));
  const tokens = /^tokens +([\d,]+) in \/ ([\d,]+) out(?: \((?:own ([\d,]+) in \/ ([\d,]+) out, children ([\d,]+) in \/ ([\d,]+) out)?(?:(?:, )?[\d,]+ unpriced)?\))?$/m.exec(text);
  const cost = /^cost +(\S+)(?: \(own (\S+), children (\S+)\))?$/m.exec(text);
  assert.ok(tokens && cost, `no tokens/cost lines in\n${text}`);
  const total = { input: n(tokens[1]!), output: n(tokens[2]!), cost: NaN };
  if (tokens[3] === undefined) return { total, costs: [cost[1]!] };
  return {
    total, own: { input: n(tokens[3]), output: n(tokens[4]!), cost: NaN }, children: { input: n(tokens[5]!), output: n(tokens[6]!), cost: NaN },
    costs: [cost[1]!, cost[2]!, cost[3]!],
  };
}

/** Children's usage as the model sees it, computed apart from subtreeTotals: the sum of each child's whole subtree. */
function childrenOf(all: readonly ExecutionSummary[], id: string): Usage {
  return all.filter((s) => s.parentExecutionId === id).reduce((sum, c) => plus(sum, usage(c.subtreeTotals)), ZERO);
}

/**
 * Live order: each child's events arrive after its parent's child_workflow_started. Children first: a child's
 * whole log is stored before its parent's link event, which must still roll it up.
 */
const ORDERS = {
  'stream order': (events: readonly TypedEvent[]) => [...events],
  'children before their parents': (events: readonly TypedEvent[]) => {
    const children = new Set(events.flatMap((e) => (e.kind.type === 'child_workflow_started' ? [normaliseExecutionId(String(e.kind['child_execution_id']))] : [])));
    const isChild = (e: TypedEvent): boolean => children.has(e.executionId);
    return [...events.filter(isChild), ...events.filter((e) => !isChild(e))];
  },
} as const;

for (const [order, arrange] of Object.entries(ORDERS)) {
  describe(`every view of a sim run with child workflows agrees (${order})`, () => {
    let dir = '';
    let fed: Fed;
    let summaries: readonly ExecutionSummary[];
    let list: Map<string, ListRow>;
    let table: Map<string, [string, string]>;

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'jj-totals-'));
      fed = await feed(arrange(simEvents()), join(dir, 'top.db'));
      summaries = fed.model.summaries();
      const json = JSON.parse(await inspect({ db: fed.db, json: true, limit: 10_000 })) as { executions: ListRow[] };
      list = new Map(json.executions.map((r) => [r.execution_id, r]));
      table = tableCells(await inspect({ db: fed.db, limit: 10_000 }));
    });
    after(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    test('the run has parents whose children used tokens, and the store lists every execution the model holds', () => {
      const parents = summaries.filter((s) => childrenOf(summaries, s.id).input > 0);
      assert.ok(parents.length >= 3, `${parents.length} executions with child usage`);
      assert.ok(parents.every((p) => p.workflowId === 'report_pipeline'));
      assert.deepEqual([...list.keys()].sort(), summaries.map((s) => s.id).sort());
    });

    test('list (--json and table), detail (--json and text) and the model give the same totals, children included', async () => {
      for (const s of summaries) {
        const model = usage(s.subtreeTotals);
        const row = list.get(s.id)!;
        assertSame(fromJson(row), model, `${s.id} list --json`);
        const doc = JSON.parse(await inspect({ db: fed.db, id: s.id, json: true })) as { totals: DetailTotals; own: DetailTotals };
        assertSame(fromJson(doc.totals), model, `${s.id} detail --json`);
        assert.deepEqual(table.get(s.id), [exact(model.input + model.output), formatUsd(model.cost)], `${s.id} table`);
        const text = detailLines(await inspect({ db: fed.db, id: s.id }));
        assert.deepEqual([text.total.input, text.total.output, text.costs[0]], [model.input, model.output, formatUsd(model.cost)], `${s.id} detail text`);
      }
    });

    test('the own share is the same everywhere, and own + children = totals', async () => {
      for (const s of summaries) {
        const own = usage(s.totals);
        const children = childrenOf(summaries, s.id);
        assertSame(plus(own, children), usage(s.subtreeTotals), `${s.id} model: own + children`);
        const row = list.get(s.id)!;
        assertSame(fromJson(row.own), own, `${s.id} list --json own`);
        assertSame(minus(fromJson(row), fromJson(row.own)), children, `${s.id} list --json children`);
        const doc = JSON.parse(await inspect({ db: fed.db, id: s.id, json: true })) as { totals: DetailTotals; own: DetailTotals };
        assertSame(fromJson(doc.own), own, `${s.id} detail --json own`);
        const raw = await inspect({ db: fed.db, id: s.id });
        const text = detailLines(raw);
        if (s.workflowId !== 'report_pipeline') {
          assert.equal(text.own, undefined, `${s.id}: no split without children`);
          continue;
        }
        assert.ok(text.own && text.children, `${s.id}: the detail shows own and children apart:\n${raw}`);
        assert.deepEqual([text.own.input, text.own.output, text.children.input, text.children.output], [own.input, own.output, children.input, children.output]);
        assert.deepEqual([text.own.input + text.children.input, text.own.output + text.children.output], [text.total.input, text.total.output]);
        assert.deepEqual(text.costs.slice(1), [formatUsd(own.cost), formatUsd(Math.max(0, s.subtreeTotals.costUsd - own.cost))]);
      }
    });

    test('the dashboard\'s row, tree and tree title show the same totals', () => {
      for (const s of summaries) {
        const t = s.subtreeTotals;
        const tokens = t.inputTokens + t.outputTokens;
        const cells = executionRow(s, NOW, 120).text.trimEnd().split(/\s+/).slice(-2);
        assert.deepEqual(cells, [tokens > 0 ? formatTokens(tokens) : '—', t.costUsd > 0 ? formatUsd(t.costUsd) : t.unpricedTokens > 0 ? 'unpriced' : '—'], `${s.id} row`);
        const tree = fed.model.tree(s.id)!;
        assert.equal(tree.summary, s, 'the tree carries the same summary');
        const nodes = tree.nodes.reduce((sum, n) => plus(sum, usage(n.totals)), ZERO);
        assertSame(nodes, usage(t), `${s.id} tree: nodes' totals, each with its child's subtree`);
        const title = treeUsage(tree);
        if (tokens > 0) assert.ok(title.startsWith(`${formatTokens(tokens)} tok `), `${s.id} title: ${title}`);
        if (s.workflowId === 'report_pipeline') assert.match(title, / \(own .+, children .+\)$/);
      }
    });

    test('own shares over all executions, and totals over executions without a parent, add up to /metrics', async () => {
      const exposition = parseExposition((await fed.prom.render(false)).body);
      const metrics: Usage = {
        input: sumSamples(exposition, 'jamjet_model_tokens_total', { direction: 'input' }),
        output: sumSamples(exposition, 'jamjet_model_tokens_total', { direction: 'output' }),
        cost: sumSamples(exposition, 'jamjet_model_cost_usd_total'),
      };
      assert.ok(metrics.input > 0);
      const ownSum = [...list.values()].reduce((sum, r) => plus(sum, fromJson(r.own)), ZERO);
      assertSame(ownSum, metrics, 'Σ own (list --json) vs /metrics');
      assertSame(summaries.reduce((sum, s) => plus(sum, usage(s.totals)), ZERO), metrics, 'Σ own (model) vs /metrics');
      assertSame(usage(fed.model.totals()), metrics, 'the status bar\'s totals vs /metrics');
      const roots = [...list.values()].filter((r) => r.parent_execution_id === null);
      assert.ok(roots.length < list.size, 'children are listed with their parent');
      assertSame(roots.reduce((sum, r) => plus(sum, fromJson(r)), ZERO), metrics, 'Σ totals of executions without a parent vs /metrics');
      // Model by model: every call, in a parent or in a child, is counted once by the metrics and once by the
      // details of the executions without a parent (whose by_model covers their children).
      const byModel = new Map<string, number>();
      for (const r of roots) {
        const doc = JSON.parse(await inspect({ db: fed.db, id: r.execution_id, json: true })) as { by_model: Array<{ model: string; input_tokens: number; output_tokens: number }> };
        for (const m of doc.by_model) byModel.set(m.model, (byModel.get(m.model) ?? 0) + m.input_tokens + m.output_tokens);
      }
      assert.ok(byModel.size >= 3);
      for (const [model, tokens] of byModel) assert.equal(sumSamples(exposition, 'jamjet_model_tokens_total', { model }), tokens, model);
    });
  });
}
