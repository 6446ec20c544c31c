// Random inputs against every decoder entry point: the only assertion is "returns, never throws", plus the
// result having the documented shape. A seeded PRNG keeps failures reproducible.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEnvelope } from '../../../source/core/decode/decode-envelope.js';
import { decodeJsonLine } from '../../../source/core/decode/decode-json-line.js';
import { decodeStreamFrame } from '../../../source/core/decode/decode-stream-frame.js';
import { normaliseExecutionId } from '../../../source/core/decode/execution-id.js';
import { parseTimestamp } from '../../../source/core/decode/parse-timestamp.js';
import { EVENT_SPECS, KNOWN_EVENT_TYPES } from '../../../source/core/decode/event-specs.js';
import { createRng } from '../../../source/core/sim/rng.js';

/** The sim's seeded PRNG, so the data is the same on every run. */
const prng = (seed: number): (() => number) => {
  const r = createRng(seed);
  return () => r.next();
};

const rand = prng(20260314);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
const FIELD_NAMES = ['id', 'execution_id', 'sequence', 'kind', 'created_at', 'type', 'node_id', 'attempt', 'events', 'cursor', 'event',
  'provenance', 'steps', 'decision', 'output', 'state_patch', 'duration_ms', 'protocol', 'epoch', '__proto__', 'constructor', 'toString'];
const STRINGS = ['', 'exec_39201bc020354816b34546bc0da7d0fb', '39201bc0-2035-4816-b345-46bc0da7d0fb', '2026-03-14T09:21:07.104223908Z',
  'hello', 'events', 'heartbeat', 'error', 'approved', 'maybe', '\u0000\u001b[31m', '𝄞', ...KNOWN_EVENT_TYPES];
const NUMBERS = [0, -1, 1, 1.5, 2 ** 32, 2 ** 53, Number.MAX_SAFE_INTEGER, -0, Number.NaN, Number.POSITIVE_INFINITY, 1e308];

function value(depth: number): unknown {
  const r = rand();
  if (depth > 3 || r < 0.35) {
    switch (Math.floor(rand() * 5)) {
      case 0: return pick(STRINGS);
      case 1: return pick(NUMBERS);
      case 2: return rand() < 0.5;
      case 3: return null;
      default: return undefined;
    }
  }
  if (r < 0.5) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
  const o: Record<string, unknown> = {};
  const n = Math.floor(rand() * 7);
  for (let i = 0; i < n; i++) o[pick(FIELD_NAMES)] = value(depth + 1);
  return o;
}

/** A near-valid envelope with one field perturbed, to reach the kind-level checks. */
function mutant(): Record<string, unknown> {
  const type = pick(KNOWN_EVENT_TYPES);
  const kind: Record<string, unknown> = { type };
  // Mostly plausible values for the variant's own fields, sometimes junk, sometimes absent.
  for (const field of Object.keys(EVENT_SPECS[type])) {
    if (rand() < 0.9) kind[field] = rand() < 0.5 ? pick(NUMBERS) : rand() < 0.5 ? pick(STRINGS) : value(2);
  }
  const valid = (): boolean => rand() < 0.9;
  return {
    id: valid() ? 'f3ec05aa-c639-4798-90ad-8c30f1b409a3' : value(3),
    execution_id: valid() ? '39201bc0-2035-4816-b345-46bc0da7d0fb' : pick(STRINGS),
    sequence: valid() ? 1 + Math.floor(rand() * 100) : pick(NUMBERS),
    kind,
    created_at: valid() ? '2026-03-14T09:21:07.104223908Z' : pick(STRINGS),
  };
}

function bytes(): string {
  const n = Math.floor(rand() * 64);
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(Math.floor(rand() * (rand() < 0.9 ? 128 : 0xffff)));
  return s;
}

describe('decoders under random input', () => {
  test('never throw on 5,000 random JSON-ish values and 5,000 random strings', () => {
    const reasons = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const v = i % 2 === 0 ? value(0) : mutant();
      const r = decodeEnvelope(v);
      assert.equal(typeof r.ok, 'boolean');
      if (!r.ok) {
        assert.equal(typeof r.rejection.detail, 'string');
        reasons.add(r.rejection.reason);
      }
      let text: string;
      try { text = JSON.stringify(i % 3 === 0 ? { type: 'events', events: [v, v] } : v) ?? 'undefined'; } catch { text = 'x'; }
      assert.equal(typeof decodeStreamFrame(text, 4096).type, 'string');
      assert.equal(typeof decodeJsonLine(text).ok, 'boolean');
    }
    for (let i = 0; i < 5000; i++) {
      const s = bytes();
      assert.equal(typeof decodeStreamFrame(s).type, 'string');
      assert.equal(typeof decodeJsonLine(s).ok, 'boolean');
      normaliseExecutionId(s);
      parseTimestamp(s);
    }
    // The generator must reach deep into the validator, not stop at the first check.
    for (const reason of ['not_an_object', 'missing_field', 'wrong_type', 'invalid_value', 'invalid_execution_id', 'invalid_sequence', 'invalid_timestamp']) {
      assert.ok(reasons.has(reason), `fuzz never produced ${reason}: ${[...reasons].join(', ')}`);
    }
  });
});
