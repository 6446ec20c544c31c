// Property-based fuzzing of decode → reduce: hostile deliveries (test/helpers/hostile-events.ts) go through the
// decoder and the real ingest pipeline into a model with small caps, and every model invariant
// (test/helpers/model-invariants.ts) is checked after every delivery. FUZZ_RUNS=n runs n times as many cases.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_MODEL_CAPS } from '../../../source/core/model/execution-model.js';
import { FUZZ_EXECUTION_HEX, FUZZ_T0, hostileCase, idSpellings, toJsonText, validKind } from '../../helpers/hostile-events.js';
import { FuzzRig, runCase } from '../../helpers/fuzz-rig.js';
import { fuzzParams } from '../../helpers/fuzz-runs.js';

/** Runs a case and fails with the broken invariants themselves (fast-check then prints the shrunk case). */
function noViolations(lines: string[]): void {
  if (lines.length > 0) assert.fail(lines.join('\n'));
}

describe('decode and reduce under hostile input', () => {
  test('never throw, and every model invariant holds after every delivery', () => {
    fc.assert(fc.property(hostileCase(), (deliveries) => noViolations(runCase(deliveries))), fuzzParams(1000));
  });

  test('one execution sent under every id spelling, its sequences repeated and out of order, applies each sequence once', () => {
    const hex = FUZZ_EXECUTION_HEX[0]!;
    const spellings = idSpellings(hex);
    const sends = fc.array(fc.record({ seq: fc.integer({ min: 1, max: 20 }), spelling: fc.nat({ max: spellings.length - 1 }), kind: validKind(fc.constant('x'), false) }), { minLength: 1, maxLength: 60 });
    fc.assert(fc.property(sends, (list) => {
      // Default caps: 20 sequences never reach the per-execution hole cap, so the dedupe is exact.
      const rig = new FuzzRig(DEFAULT_MODEL_CAPS);
      list.forEach((s, i) => {
        const text = toJsonText({ id: `e${i}`, execution_id: spellings[s.spelling], sequence: s.seq, kind: s.kind, created_at: new Date(FUZZ_T0 + i).toISOString() });
        rig.feed({ via: 'line', text, expect: [{ executionId: `exec_${hex}`, sequence: s.seq }] });
      });
      // Past the gap timeout, whatever waited behind a missing sequence is applied.
      rig.feed({ via: 'tick', advanceMs: DEFAULT_MODEL_CAPS.gapTimeoutMs });
      noViolations(rig.violations());
      const distinct = new Set(list.map((s) => s.seq)).size;
      const ingest = rig.model.ingest();
      assert.deepEqual(rig.model.summaries().map((s) => [s.id, s.eventCount]), [[`exec_${hex}`, distinct]]);
      assert.deepEqual([ingest.applied, ingest.duplicates, ingest.buffered], [distinct, list.length - distinct, 0]);
    }), fuzzParams(500));
  });

  test('an execution that never ends stays running or paused, goes stale when its source goes away, and keeps its caps', () => {
    const endless = hostileCase({ executions: 1, terminal: false, minSteps: 100, maxSteps: 250, mutationRate: 0 });
    fc.assert(fc.property(endless, (deliveries) => {
      const rig = new FuzzRig();
      for (const d of deliveries) {
        rig.feed(d);
        noViolations(rig.violations());
      }
      // Both sources it may have come through: connected, then away, then back.
      const both = (state: 'connected' | 'reconnecting'): void => [0, 1].forEach((source) => rig.feed({ via: 'status', state, source }));
      both('connected');
      const [summary] = rig.model.summaries();
      if (summary === undefined) return; // nothing it was sent was applied (all rejected or held)
      assert.ok(summary.status === 'running' || summary.status === 'paused', summary.status);
      assert.equal(summary.stale, false);
      both('reconnecting');
      rig.feed({ via: 'tick', advanceMs: 5_000 });
      assert.equal(rig.model.summaries()[0]?.stale, true, 'stale once its source is away past the grace');
      assert.deepEqual(rig.model.queueDepth(), { total: 0, byQueue: {} }, 'a stale execution queues nothing');
      both('connected');
      assert.equal(rig.model.summaries()[0]?.stale, false, 'live again when its source is back');
      noViolations(rig.violations());
    }), fuzzParams(60));
  });
});
