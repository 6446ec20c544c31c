import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { InspectDocument, NodeJson, TotalsJson } from '../../../source/core/inspect/inspect-report.js';
import { summaryLines, type TextFormat } from '../../../source/core/inspect/inspect-text.js';

const F: TextFormat = { duration: (ms) => `${ms ?? '—'}ms`, usd: (n) => `$${(n ?? 0).toFixed(4)}`, tokens: (n) => String(n), clean: (s) => s };
const totals = (input: number, output: number, cost: number, unpriced = 0): TotalsJson => ({ input_tokens: input, output_tokens: output, cost_usd: cost, unpriced_tokens: unpriced });

function doc(tree: NodeJson[], all: TotalsJson, own: TotalsJson): InspectDocument {
  return {
    format: 'f', found_in: 'store', tree, totals: all, own, by_model: [], critical_path: [],
    execution: {
      execution_id: 'exec_1', workflow_id: 'w', workflow_version: '1', status: 'completed', started_at: null, ended_at: null, duration_ms: 5,
      source: 's', error: null, parent_execution_id: null, parent_node_id: null, next_execution_id: null, event_count: 3, stale: false, last_seen_at: null,
    },
  };
}

const childNode = (): NodeJson => ({ node_id: 'research', kind: 'subgraph', status: 'completed', totals: totals(0, 0, 0), attempts: [], child: { execution: doc([], totals(0, 0, 0), totals(0, 0, 0)).execution, tree: [], totals: totals(6388, 1105, 0.029), own: totals(6388, 1105, 0.029) } });

describe('summaryLines', () => {
  test('shows totals with the own share and the children\'s apart when the execution has child workflows', () => {
    const lines = summaryLines(doc([childNode()], totals(11627, 1905, 0.0544, 12), totals(5239, 800, 0.0254)), F);
    assert.equal(lines[3], 'tokens         11627 in / 1905 out (own 5239 in / 800 out, children 6388 in / 1105 out, 12 unpriced)');
    assert.equal(lines[4], 'cost           $0.0544 (own $0.0254, children $0.0290)');
  });

  test('shows plain totals for an execution without children', () => {
    const lines = summaryLines(doc([], totals(10, 2, 0.5), totals(10, 2, 0.5)), F);
    assert.equal(lines[3], 'tokens         10 in / 2 out');
    assert.equal(lines[4], 'cost           $0.5000');
  });
});
