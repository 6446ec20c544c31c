// Property-based fuzzing of the decoder's entry points with fast-check: whatever comes in (any JS value, any text,
// any bytes), a typed event or a typed rejection comes out, never an exception; valid envelopes of every kind in
// every execution id spelling are accepted as the same execution. FUZZ_RUNS=n runs n times as many cases.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { decodeEnvelope, MAX_DETAIL_CHARS } from '../../../source/core/decode/decode-envelope.js';
import { decodeJsonLine, MAX_LINE_CHARS } from '../../../source/core/decode/decode-json-line.js';
import { decodeStreamFrame, MAX_FRAME_CHARS } from '../../../source/core/decode/decode-stream-frame.js';
import { REJECTION_REASONS, type DecodeResult, type Rejection } from '../../../source/core/decode/event.js';
import { KNOWN_EVENT_TYPES } from '../../../source/core/decode/event-specs.js';
import { REJECTION_EXCERPT_CHARS } from '../../../source/core/decode/rejection-excerpt.js';
import { readLineChunks } from '../../../source/core/sources/read-line-chunks.js';
import {
  corruptUtf8, deepJson, DEEP_NESTING, FUZZ_EXECUTION_HEX, FUZZ_FRAME_CAP, hostileValue, idSpellings, toJsonText, validKind,
} from '../../helpers/hostile-events.js';
import { fuzzParams } from '../../helpers/fuzz-runs.js';

const REASONS: ReadonlySet<string> = new Set(REJECTION_REASONS);
const EXEC_ID = /^exec_[0-9a-f]{32}$/;

/** A rejection as the decoder promises it: a known reason, one short line of detail, a short excerpt if any. */
function assertRejection(r: Rejection): void {
  assert.ok(REASONS.has(r.reason), `unknown reason ${r.reason}`);
  assert.ok(typeof r.detail === 'string' && r.detail.length > 0 && r.detail.length <= MAX_DETAIL_CHARS, r.detail);
  assert.ok(r.excerpt === undefined || r.excerpt.length <= REJECTION_EXCERPT_CHARS);
}

/** A decode result as promised: an event with a normalised id, a positive sequence and a finite time, or a rejection. */
function assertResult(r: DecodeResult): void {
  if (!r.ok) return assertRejection(r.rejection);
  assert.match(r.event.executionId, EXEC_ID);
  assert.ok(Number.isSafeInteger(r.event.sequence) && r.event.sequence >= 1);
  assert.ok(Number.isFinite(r.event.time));
}

/** Every result inside a decoded frame. */
function assertFrame(text: string, maxChars = FUZZ_FRAME_CAP): void {
  const frame = decodeStreamFrame(text, maxChars);
  if (frame.type === 'rejected') assertRejection(frame.rejection);
  if (frame.type === 'events') for (const item of frame.items) assertResult(item.result);
  if (frame.type === 'unknown') assert.ok(frame.frameType.length <= 64);
}

/** Values that look like envelopes and stream items, with hostile values where the fields go. */
const nearEnvelope = fc.record({
  id: fc.oneof(fc.string(), hostileValue),
  execution_id: fc.oneof(fc.constantFrom(...idSpellings(FUZZ_EXECUTION_HEX[0]!)), fc.string(), hostileValue),
  sequence: fc.oneof(fc.integer(), hostileValue),
  kind: fc.oneof(validKind(fc.constant('x')), fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 1 })), hostileValue),
  created_at: fc.oneof(fc.constant('2026-03-14T09:21:07.104223908Z'), fc.string(), hostileValue),
}, { requiredKeys: [] });

describe('the decoder under any input', () => {
  test('decodeEnvelope returns an event or a typed rejection for any value, never throws', () => {
    fc.assert(fc.property(fc.oneof(fc.anything({ maxDepth: 3 }), nearEnvelope), (value) => {
      // A value of the JSON.parse kind, as the sources hand it over (fast-check's anything may hold getters and symbols too).
      assertResult(decodeEnvelope(value));
      const parsed: unknown = JSON.parse(toJsonText(value) || 'null');
      assertResult(decodeEnvelope(parsed, typeof parsed === 'string' ? parsed : undefined));
    }), fuzzParams(1500));
  });

  test('decodeStreamFrame and decodeJsonLine handle any text: strings, JSON, frames of near-envelopes', () => {
    const frames = fc.array(fc.record({ cursor: fc.oneof(fc.nat(), hostileValue), event: nearEnvelope, node_kind: fc.oneof(fc.string(), hostileValue) }, { requiredKeys: [] }), { maxLength: 4 })
      .map((items) => toJsonText({ type: 'events', events: items }));
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.json(), frames, nearEnvelope.map(toJsonText), fc.jsonValue().map((v) => toJsonText({ type: 'hello', ...(typeof v === 'object' && v !== null ? v : { v }) })));
    fc.assert(fc.property(text, (t) => {
      assertFrame(t);
      assertResult(decodeJsonLine(t, FUZZ_FRAME_CAP));
      // One char under the text's own length is past the cap: rejected whole, as frame_too_large.
      if (t.length > 0) {
        const over = decodeStreamFrame(t, t.length - 1);
        assert.equal(over.type === 'rejected' && over.rejection.reason, 'frame_too_large');
      }
    }), fuzzParams(1500));
  });

  test('bytes with invalid UTF-8 decode to replacement characters, then to an event or a typed rejection', () => {
    const envelope = validKind(fc.constant('x')).map((kind) => toJsonText({ id: 'e', execution_id: idSpellings(FUZZ_EXECUTION_HEX[1]!)[1], sequence: 1, kind, created_at: '2026-03-14T09:21:07Z' }));
    const bytes = fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.tuple(envelope, fc.double({ min: 0, max: 1, noNaN: true })).map(([t, at]) => corruptUtf8(t, at)));
    fc.assert(fc.property(bytes, (b) => {
      const text = Buffer.from(b).toString('utf8');
      assertResult(decodeJsonLine(text, FUZZ_FRAME_CAP));
      assertFrame(text);
    }), fuzzParams(1500));
  });

  test('the JSONL reader splits bytes cut anywhere, mid-character included, into the lines of the whole text', async () => {
    const lines = fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), fc.uint8Array({ maxLength: 30 }).map((b) => Buffer.from(b).toString('latin1'))), { minLength: 1, maxLength: 8 });
    const input = fc.tuple(lines, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }), fc.boolean(), fc.boolean());
    await fc.assert(fc.asyncProperty(input, async ([ls, cuts, invalid, finalNewline]) => {
      const whole = Buffer.concat([Buffer.from(ls.join('\n') + (finalNewline ? '\n' : ''), 'utf8'), Buffer.from(invalid ? [0xe2, 0x82] : [])]);
      const points = [...new Set(cuts.map((c) => Math.floor(c * whole.length)))].sort((a, b) => a - b);
      const chunks = [0, ...points].map((from, i) => whole.subarray(from, points[i] ?? whole.length));
      const items = [];
      for await (const batch of readLineChunks(Readable.from(chunks, { objectMode: true }), 64)) items.push(...batch);
      const text = whole.toString('utf8');
      const expected = text === '' ? [] : (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
      assert.deepEqual(items.map((it) => ('text' in it ? it.text : `<${it.tooLong} chars>`)), expected.map((l) => (l.length > 64 ? `<${l.length} chars>` : l.endsWith('\r') ? l.slice(0, -1) : l)));
    }), { ...fuzzParams(300), examples: [[[[''], [], false, false]], [[['€', ''], [0.5], true, true]]] });
  });

  test('a valid envelope of every kind is accepted under every execution id spelling, as one execution', () => {
    const seen = new Set<string>();
    const spellings = FUZZ_EXECUTION_HEX.flatMap((hex) => idSpellings(hex).map((raw) => ({ hex, raw })));
    const valid = fc.record({ id: fc.constantFrom(...spellings), kind: validKind(fc.constantFrom(...spellings.map((s) => s.raw))), sequence: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }) });
    fc.assert(fc.property(valid, ({ id, kind, sequence }) => {
      const text = toJsonText({ id: 'e', execution_id: id.raw, sequence, kind, created_at: '2026-03-14T09:21:07.104223908Z' });
      const r = decodeJsonLine(text);
      assert.ok(r.ok, r.ok ? '' : `${r.rejection.reason}: ${r.rejection.detail}`);
      assert.equal(r.event.executionId, `exec_${id.hex}`);
      assert.equal(r.event.sequence, sequence);
      assert.equal(r.event.known, kind.type !== 'made_up_event_kind');
      seen.add(String(kind.type));
    }), fuzzParams(1500));
    assert.deepEqual(KNOWN_EVENT_TYPES.filter((t) => !seen.has(t)), [], 'every kind was generated');
  });
});

describe('the decoder at its limits', () => {
  const envelope = (output: string): string =>
    `{"id":"e","execution_id":"exec_${FUZZ_EXECUTION_HEX[0]}","sequence":1,"kind":{"type":"workflow_completed","final_state":${output}},"created_at":"2026-03-14T09:21:07Z"}`;

  test('a frame or line one char past the real 16 Mi cap is rejected as frame_too_large without being parsed', () => {
    const frame = decodeStreamFrame(`{"type":"heartbeat","cursor":1,"pad":"${' '.repeat(MAX_FRAME_CHARS)}"}`);
    assert.equal(frame.type === 'rejected' && frame.rejection.reason, 'frame_too_large');
    const line = decodeJsonLine(envelope(`"${'x'.repeat(MAX_LINE_CHARS)}"`));
    assert.equal(!line.ok && line.rejection.reason, 'frame_too_large');
  });

  test(`JSON ${DEEP_NESTING} levels deep is a payload like any other, or a rejection where an object belongs`, () => {
    for (const deep of [deepJson(DEEP_NESTING), deepJson(DEEP_NESTING, true)]) {
      const r = decodeJsonLine(envelope(deep.text));
      assert.ok(r.ok, 'accepted: final_state is any JSON');
      const frame = decodeStreamFrame(`{"type":"events","events":[{"cursor":1,"event":${deep.text}}]}`);
      assert.equal(frame.type === 'events' && !frame.items[0]!.result.ok && frame.items[0]!.result.rejection.reason, deep.text.startsWith('[') ? 'not_an_object' : 'missing_field');
      assert.equal(decodeStreamFrame(deep.text).type, 'rejected');
    }
    // Far deeper than any parser's stack: still a result, never a RangeError.
    assertResult(decodeJsonLine(envelope(deepJson(1_000_000).text), Infinity));
  });
});
