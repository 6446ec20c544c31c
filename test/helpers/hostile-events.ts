// fast-check arbitraries for fuzzing the decoder and the reducer: valid JamJet envelopes of every kind over a
// small pool of executions (so that events meet, repeat and go backwards), mutated the ways a broken or hostile
// runtime sends them, and delivered as a source hands them to the decoder: JSONL lines, stream protocol v1
// frames, raw bytes with invalid UTF-8, oversized frames, deep nesting; between them clock ticks and source
// status changes. A case is plain data (`Delivery[]`), so a failing seed prints what was fed.
import fc from 'fast-check';
import { EVENT_SPECS, KNOWN_EVENT_TYPES, type FieldType } from '../../source/core/decode/event-specs.js';
import type { SourceState } from '../../source/core/sources/event-source.js';

/** Frame and line cap the fuzz cases are decoded with: small enough to overflow cheaply, big enough for 10,000-deep JSON. */
export const FUZZ_FRAME_CAP = 64 * 1024;
/** Nesting depth of the deeply nested JSON values spliced into envelopes and frames. */
export const DEEP_NESTING = 10_000;
/** Base time of the generated events: 2026-03-14T09:00:00Z. */
export const FUZZ_T0 = Date.UTC(2026, 2, 14, 9, 0, 0);

/** The executions events are drawn from: few, so that they collide, repeat and link to each other. */
export const FUZZ_EXECUTION_HEX: readonly string[] = [
  '39201bc020354816b34546bc0da7d0fb', '0b5f2c4e9a7d4e1f8c3b6a5d4e3f2a1b', 'f3ec05aac639479890ad8c30f1b409a3',
  'a1b2c3d4e5f60718293a4b5c6d7e8f90', '00000000000000000000000000000001', 'ffffffffffffffffffffffffffffffff',
];

/** The hyphenated UUID spelling of 32 hex digits. */
export function hyphenated(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Every spelling the decoder accepts for one execution: `exec_` + hex, the UUID (either case), bare hex, `EXEC_`. */
export function idSpellings(hex: string): string[] {
  return [`exec_${hex}`, hyphenated(hex), hyphenated(hex).toUpperCase(), hex, `EXEC_${hex.toUpperCase()}`];
}

/** JSON text spliced in verbatim where JSON.stringify cannot write it (1e400, -0, a 10,000-deep array). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** JSON text of a value that may hold RawJson pieces; undefined members are left out, as JSON.stringify does. */
export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : toJsonText(v))).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value)) if (v !== undefined) parts.push(`${JSON.stringify(k)}:${toJsonText(v)}`);
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** `depth` nested arrays (or objects), as text. */
export function deepJson(depth: number, objects = false): RawJson {
  return new RawJson(objects ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}${']'.repeat(depth)}`);
}

/** Values that break naive decoders: huge, negative, fractional, non-finite spellings, wrong types, control text. */
export const HOSTILE_VALUES: readonly unknown[] = [
  1e308, -1e308, 2 ** 64, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, -1, 0, 0.5, -0.000001,
  new RawJson('1e400'), new RawJson('-1e400'), new RawJson('-0'), new RawJson('123456789012345678901234567890'), new RawJson('1E-400'),
  'NaN', 'Infinity', '-1', '1', '', ' ', 'x'.repeat(300), '\u0000\u001b[2J\u001b]0;pwned\u0007', '\ud800', '\u202e',
  null, true, false, [], {}, [1, 2], { type: 'workflow_completed' }, deepJson(64),
];

/**
 * One of HOSTILE_VALUES, now and then a 10,000-deep array or object instead (rare: each costs JSON.parse
 * 1 to 5 ms, a hundred times an envelope, and would otherwise be most of the run).
 */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 60, arbitrary: fc.constantFrom(...HOSTILE_VALUES) },
  { weight: 1, arbitrary: fc.constantFrom(deepJson(DEEP_NESTING), deepJson(DEEP_NESTING, true)) },
);

// Pools for the fields that relate events to each other; anything else is random within its wire type.
const NODE_IDS = ['plan', 'search', 'draft', 'review', 'tool'];
const POOLS: Record<string, readonly string[]> = {
  node_id: NODE_IDS,
  worker_id: ['w1', 'w2', 'w3', ''],
  queue_type: ['model', 'tool', 'general', 'eval', ''],
  workflow_id: ['research', 'triage', 'other'],
  workflow_version: ['1.0.0', '2'],
  gen_ai_model: ['gpt-4o', 'claude-3-5-sonnet', 'no-such-model', ''],
  gen_ai_system: ['openai', 'anthropic'],
  tool: ['web_search', 'calc'],
  tool_name: ['deploy'],
  user_id: ['ops'],
  kind: ['input', 'output', 'total'],
};

/**
 * Payloads for `json` fields, as the runtime sends them (scorers, a condition's target, the budget block), mostly
 * from this list: fast-check's jsonValue is most of the generation time, so it is drawn only now and then.
 */
const JSON_PAYLOADS: readonly unknown[] = [
  null, {}, [], '', 0, true, 'text', { results: [{ title: 't', url: 'https://example.com' }] },
  { scorers: [{ scorer: 'judge', score: 0.5, passed: true }, { scorer: 'exact', score: 'NaN', passed: 'yes' }, { score: 1 }] },
  { scorers: 'none' }, { passed: false }, { chosen_target: 'review' }, { __budget: { total_input_tokens: 10, total_cost_usd: 0.1 } },
  { nested: { deeper: [1, 2, { x: null }] } },
];

/** A timestamp string: RFC 3339 as the runtime writes it, sometimes in another valid form, sometimes not one. */
const timestampText = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 3_600_000 }).map((ms) => new Date(FUZZ_T0 + ms).toISOString()) },
  { weight: 1, arbitrary: fc.constantFrom('2026-03-14T09:21:07.104223908Z', '2026-03-14T09:21:07+00:00', '2026-03-14T10:21:07.1+01:00') },
  { weight: 1, arbitrary: fc.constantFrom('yesterday', '2026-02-30T00:00:00Z', '2026-03-14 09:21:07', '') },
);

/** An arbitrary for one field of a kind, valid for its wire type. */
function fieldValue(name: string, type: FieldType, execIds: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  if (typeof type !== 'string') return fc.constantFrom(...type);
  const optional = type.endsWith('?');
  const base = optional ? type.slice(0, -1) : type;
  let arb: fc.Arbitrary<unknown>;
  if (name === 'child_execution_id' || name === 'next_execution_id') arb = execIds;
  else if (name === 'retry_after' || name === 'fire_at') arb = timestampText;
  else if (base === 'string') arb = POOLS[name] ? fc.constantFrom(...POOLS[name]) : fc.string({ maxLength: 12 });
  else if (base === 'u32') arb = name === 'attempt' ? fc.integer({ min: 0, max: 4 }) : fc.integer({ min: 0, max: 2 ** 32 - 1 });
  else if (base === 'u64') {
    arb = fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0, max: 50_000 }) }, { weight: 1, arbitrary: fc.constantFrom(2 ** 53, 2 ** 63, 2 ** 64 - 2 ** 12) });
  } else if (base === 'f64') arb = fc.oneof({ weight: 9, arbitrary: fc.double({ min: 0, max: 5, noNaN: true }) }, { weight: 1, arbitrary: fc.constantFrom(1e300, -2.5, 0) });
  else if (base === 'bool') arb = fc.boolean();
  else if (base === 'json') arb = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...JSON_PAYLOADS) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) });
  else if (base === 'string[]') arb = fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 });
  else if (base === 'json[]') arb = fc.array(fc.constantFrom(...JSON_PAYLOADS), { maxLength: 3 });
  else if (base === 'provenance') arb = fc.record({ model_id: fc.constantFrom('m', null), confidence: fc.double({ min: 0, max: 1, noNaN: true }), verified: fc.boolean() }, { requiredKeys: [] });
  else throw new Error(`hostile-events: no arbitrary for ${type}`);
  // Option fields: present, null or absent (the runtime's JSON has all three).
  return optional ? fc.oneof({ weight: 3, arbitrary: arb }, { weight: 1, arbitrary: fc.constantFrom(null, undefined) }) : arb;
}

/** Node lifecycle kinds come often (they move queue depth, holds and attempts); the rest now and then. */
const FREQUENT = new Set(['node_scheduled', 'node_started', 'node_completed', 'node_failed', 'node_parked', 'retry_scheduled',
  'tool_approval_required', 'approval_received', 'interrupt_raised', 'child_workflow_started', 'child_workflow_completed', 'workflow_started']);
const TERMINAL = new Set(['workflow_completed', 'workflow_failed', 'workflow_cancelled', 'segment_boundary']);

/** A valid `kind` object of any of the 46 known types (terminal ones only when `terminal`), or of an unknown type. */
export function validKind(execIds: fc.Arbitrary<string>, terminal = true): fc.Arbitrary<Record<string, unknown>> {
  const kinds = KNOWN_EVENT_TYPES.filter((type) => terminal || !TERMINAL.has(type)).map((type) => {
    const spec = EVENT_SPECS[type] as Record<string, FieldType>;
    const fields: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [name, fieldType] of Object.entries(spec)) fields[name] = fieldValue(name, fieldType, execIds);
    const arbitrary = fc.record(fields).map((f) => ({ type, ...f }) as Record<string, unknown>);
    return { weight: FREQUENT.has(type) ? 12 : TERMINAL.has(type) ? 4 : 2, arbitrary };
  });
  kinds.push({ weight: 1, arbitrary: fc.constant({ type: 'made_up_event_kind', node_id: 'plan' }) });
  return fc.oneof(...kinds);
}

/** One way an envelope is broken; `undefined`: sent as the runtime would. */
export type Mutation =
  | { readonly op: 'set'; readonly path: string; readonly value: unknown }
  | { readonly op: 'delete'; readonly path: string }
  | { readonly op: 'proto' }
  | { readonly op: 'notObject'; readonly value: unknown };

const ENVELOPE_PATHS = ['id', 'execution_id', 'sequence', 'created_at', 'kind', 'kind.type', 'kind.node_id', 'kind.attempt',
  'kind.input_tokens', 'kind.output_tokens', 'kind.cost_usd', 'kind.duration_ms', 'kind.delay_ms', 'kind.decision', 'kind.output',
  'kind.child_execution_id', 'kind.queue_type', 'kind.worker_id', 'kind.gen_ai_model', 'kind.retryable', 'kind.steps', 'kind.provenance'];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('set' as const), path: fc.constantFrom(...ENVELOPE_PATHS), value: hostileValue }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), path: fc.constantFrom(...ENVELOPE_PATHS) }) },
  { weight: 1, arbitrary: fc.constant({ op: 'proto' as const }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('notObject' as const), value: fc.oneof(fc.constantFrom<unknown>(null, 7, 'envelope', [], [{}]), hostileValue) }) },
);

/** Applies a mutation to an envelope (a fresh object), returning what is to be serialised. */
function mutate(envelope: Record<string, unknown>, m: Mutation): unknown {
  if (m.op === 'notObject') return m.value;
  if (m.op === 'proto') return new RawJson(`{"__proto__":{"execution_id":"exec_${'0'.repeat(32)}"},${toJsonText(envelope).slice(1)}`);
  const [head, tail] = m.path.split('.') as [string, string | undefined];
  let target: Record<string, unknown> = envelope;
  let key = head;
  if (tail !== undefined) {
    const kind = envelope.kind;
    if (typeof kind !== 'object' || kind === null) return envelope;
    target = { ...(kind as Record<string, unknown>) };
    envelope.kind = target;
    key = tail;
  }
  if (m.op === 'delete') delete target[key];
  else target[key] = m.value;
  return envelope;
}

/** `arb` with probability `rate`, else undefined. */
function sometimes<T>(arb: fc.Arbitrary<T>, rate: number): fc.Arbitrary<T | undefined> {
  const weight = Math.round(rate * 1000);
  if (weight <= 0) return fc.constant(undefined);
  return fc.oneof({ weight: 1000 - weight, arbitrary: fc.constant(undefined) }, { weight, arbitrary: arb });
}

/** Which sequence an event gets from its execution's running counter. */
type SeqMove = 'next' | 'repeat' | 'back' | 'skip';

/** One generated event before numbering. */
export interface EventStep {
  readonly step: 'event';
  readonly exec: number;
  readonly spelling: number;
  readonly move: SeqMove;
  readonly jump: number;
  readonly dtMs: number;
  readonly kind: Record<string, unknown>;
  readonly mutation: Mutation | undefined;
  /** Delivered as a JSONL line, an item of a stream frame (joined to the previous frame's when `join`), or raw bytes. */
  readonly via: 'line' | 'frame' | 'bytes';
  readonly join: boolean;
  /** Which of two sources delivers it (one runtime behind two relays: executions move between them). */
  readonly source: number;
  readonly nodeKind: string | undefined;
  /** For `bytes`: where to put an invalid UTF-8 sequence (a fraction of the length), or none. */
  readonly corrupt: number | undefined;
  /** For `frame`: the item's cursor is broken (0, negative, a string). */
  readonly badCursor: unknown;
}

/** Something other than an event between them. */
export type OtherStep =
  | { readonly step: 'junk'; readonly text: string }
  | { readonly step: 'oversized'; readonly via: 'line' | 'frame' }
  | { readonly step: 'tick'; readonly advanceMs: number }
  | { readonly step: 'status'; readonly state: SourceState; readonly source: number };

/** What the decoder must make of one envelope: accept it as this event, or anything (it was mutated or corrupted). */
export type Expectation = { readonly executionId: string; readonly sequence: number } | undefined;

/** One thing the harness feeds: text or bytes for the decoder (with what each envelope in it must become), a tick or a status. */
export type Delivery =
  | { readonly via: 'line'; readonly text: string; readonly expect: readonly Expectation[]; readonly source?: number }
  | { readonly via: 'frame'; readonly text: string; readonly expect: readonly Expectation[]; readonly source?: number }
  | { readonly via: 'bytes'; readonly bytes: Uint8Array; readonly expect: readonly Expectation[]; readonly source?: number }
  | { readonly via: 'oversized'; readonly frame: boolean }
  | { readonly via: 'tick'; readonly advanceMs: number }
  | { readonly via: 'status'; readonly state: SourceState; readonly source?: number };

/** Options for {@link hostileCase}. */
export interface HostileCaseOptions {
  /** Shortest and longest case, in steps (events plus the rest). */
  readonly minSteps?: number;
  readonly maxSteps?: number;
  /** Executions drawn from (1 to FUZZ_EXECUTION_HEX.length). */
  readonly executions?: number;
  /** Share of events that are mutated, 0 to 1. */
  readonly mutationRate?: number;
  /** Whether terminal kinds are drawn (false: executions that never end). */
  readonly terminal?: boolean;
}

/** Junk frames and lines: not JSON, the wrong JSON, control frames good and bad, deep nesting. */
const junkText = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '', '{', 'null', '[]', '"events"', '{"type":7}', '{"type":"events"}', '{"type":"events","events":{}}',
      '{"type":"events","events":[null,1,"x",[]]}', '{"type":"hello"}', '{"type":"hello","protocol":1,"epoch":"e","cursor":0,"oldest_cursor":1,"heartbeat_ms":5000}',
      '{"type":"heartbeat","cursor":-1}', '{"type":"heartbeat","cursor":3}', '{"type":"error","code":5}', '{"type":"no_such_frame"}',
      `{"type":"${'x'.repeat(500)}"}`, '{"type":"events","events":[{"cursor":1}]}', '\ufeff{"type":"heartbeat","cursor":1}',
    ),
  },
  { weight: 6, arbitrary: fc.constantFrom(deepJson(64).text, `{"type":"events","events":[{"cursor":1,"event":${deepJson(64, true).text}}]}`) },
  { weight: 1, arbitrary: fc.constantFrom(deepJson(DEEP_NESTING).text, deepJson(DEEP_NESTING, true).text, `{"type":"events","events":${deepJson(DEEP_NESTING).text}}`) },
);

/** A case: a sequence of deliveries over a few executions, with the expected decode of every untouched envelope. */
export function hostileCase(options: HostileCaseOptions = {}): fc.Arbitrary<Delivery[]> {
  const executions = Math.min(options.executions ?? FUZZ_EXECUTION_HEX.length, FUZZ_EXECUTION_HEX.length);
  const mutationRate = options.mutationRate ?? 0.15;
  const spelledIds = fc.constantFrom(...FUZZ_EXECUTION_HEX.slice(0, executions).flatMap(idSpellings), 'not-an-execution');
  const eventStep: fc.Arbitrary<EventStep> = fc.record({
    step: fc.constant('event' as const),
    exec: fc.nat({ max: executions - 1 }),
    spelling: fc.nat({ max: 4 }),
    move: fc.oneof({ weight: 12, arbitrary: fc.constant<SeqMove>('next') }, { weight: 1, arbitrary: fc.constantFrom<SeqMove>('repeat', 'back', 'skip') }),
    jump: fc.integer({ min: 1, max: 6 }),
    dtMs: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0, max: 2_000 }) }, { weight: 1, arbitrary: fc.integer({ min: -60_000, max: -1 }) }),
    kind: validKind(spelledIds, options.terminal ?? true),
    mutation: sometimes(mutation, mutationRate),
    via: fc.constantFrom<EventStep['via']>('frame', 'frame', 'line', 'line', 'bytes'),
    join: fc.boolean(),
    source: fc.constantFrom(0, 0, 0, 1),
    nodeKind: sometimes(fc.constantFrom('model', 'tool', 'eval', ''), 0.2),
    corrupt: sometimes(fc.double({ min: 0, max: 1, noNaN: true }), 0.5),
    badCursor: sometimes(fc.constantFrom<unknown>(0, -1, '7', 1.5, null), 0.05),
  });
  const other: fc.Arbitrary<OtherStep> = fc.oneof(
    { weight: 2, arbitrary: junkText.map((text) => ({ step: 'junk' as const, text })) },
    { weight: 1, arbitrary: fc.constantFrom<'line' | 'frame'>('line', 'frame').map((via) => ({ step: 'oversized' as const, via })) },
    { weight: 4, arbitrary: fc.integer({ min: 0, max: 6_000 }).map((advanceMs) => ({ step: 'tick' as const, advanceMs })) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom<SourceState>('connected', 'reconnecting', 'error', 'ended'), fc.constantFrom(0, 0, 1)).map(([state, source]) => ({ step: 'status' as const, state, source })) },
  );
  // Lengths drawn up to the maximum itself (fast-check's default size keeps arrays to about ten).
  const steps = fc.array(fc.oneof({ weight: 8, arbitrary: eventStep }, { weight: 2, arbitrary: other }), { minLength: options.minSteps ?? 1, maxLength: options.maxSteps ?? 40, size: 'max' });
  return steps.map((list) => materialise(list, executions));
}

/** Numbers the events, serialises them and groups frame items: the deliveries a source would make of the steps. */
export function materialise(steps: readonly (EventStep | OtherStep)[], executions: number): Delivery[] {
  const seq = new Array<number>(executions).fill(0);
  let time = FUZZ_T0;
  let cursor = 0;
  let envelopeNo = 0;
  const out: Delivery[] = [];
  let frame: { items: string[]; expect: Expectation[]; source: number } | undefined;
  const closeFrame = (): void => {
    if (frame === undefined) return;
    out.push({ via: 'frame', text: `{"type":"events","events":[${frame.items.join(',')}]}`, expect: frame.expect, source: frame.source });
    frame = undefined;
  };
  for (const s of steps) {
    if (s.step !== 'event') {
      closeFrame();
      if (s.step === 'junk') out.push({ via: 'frame', text: s.text, expect: [] });
      else if (s.step === 'oversized') out.push({ via: 'oversized', frame: s.via === 'frame' });
      else if (s.step === 'tick') out.push({ via: 'tick', advanceMs: s.advanceMs });
      else out.push({ via: 'status', state: s.state, source: s.source });
      continue;
    }
    const c = seq[s.exec]!;
    const n = s.move === 'next' ? c + 1 : s.move === 'repeat' ? Math.max(1, c) : s.move === 'back' ? Math.max(1, c - s.jump) : c + 1 + s.jump;
    seq[s.exec] = Math.max(c, n);
    time += s.dtMs;
    const hex = FUZZ_EXECUTION_HEX[s.exec]!;
    const envelope: Record<string, unknown> = {
      id: hyphenated((++envelopeNo).toString(16).padStart(32, '0')),
      execution_id: idSpellings(hex)[s.spelling]!,
      sequence: n,
      kind: s.kind,
      created_at: new Date(time).toISOString(),
    };
    const body = s.mutation === undefined ? envelope : mutate({ ...envelope }, s.mutation);
    const text = toJsonText(body);
    // A `__proto__` key beside the real ones must change nothing: the envelope still decodes as sent.
    const clean = s.mutation === undefined || s.mutation.op === 'proto';
    const expect: Expectation = clean ? { executionId: `exec_${hex}`, sequence: n } : undefined;
    if (s.via === 'frame') {
      cursor++;
      const item = `{"cursor":${s.badCursor === undefined ? cursor : toJsonText(s.badCursor)},"event":${text}${s.nodeKind === undefined ? '' : `,"node_kind":${JSON.stringify(s.nodeKind)}`}}`;
      if (frame === undefined || !s.join || frame.source !== s.source) {
        closeFrame();
        frame = { items: [], expect: [], source: s.source };
      }
      frame.items.push(item);
      frame.expect.push(s.badCursor === undefined ? expect : undefined);
      continue;
    }
    closeFrame();
    if (s.via === 'line') out.push({ via: 'line', text, expect: [expect], source: s.source });
    else out.push({ via: 'bytes', bytes: corruptUtf8(text, s.corrupt), expect: [s.corrupt === undefined ? expect : undefined], source: s.source });
  }
  closeFrame();
  return out;
}

/** Invalid UTF-8 sequences: a lone continuation byte, a truncated lead, an encoded surrogate, an overlong slash, 0xFF. */
const BAD_UTF8: readonly number[][] = [[0x80], [0xc3], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xff], [0xf4, 0x90, 0x80, 0x80]];

/** The UTF-8 bytes of `text`, with an invalid sequence spliced in at `at` (a fraction of the length) when given. */
export function corruptUtf8(text: string, at: number | undefined): Uint8Array {
  const bytes = Buffer.from(text, 'utf8');
  if (at === undefined) return bytes;
  const pos = Math.floor(at * bytes.length);
  const bad = BAD_UTF8[Math.floor(at * 1000) % BAD_UTF8.length]!;
  return Buffer.concat([bytes.subarray(0, pos), Buffer.from(bad), bytes.subarray(pos)]);
}

/** A well-formed frame or line one character past FUZZ_FRAME_CAP: rejected whole, its events never applied. */
export function oversizedText(frame: boolean): string {
  const event = `{"id":"x","execution_id":"exec_${FUZZ_EXECUTION_HEX[0]}","sequence":1,"kind":{"type":"workflow_completed","final_state":null},"created_at":"2026-03-14T09:00:00Z"}`;
  const body = frame ? `{"type":"events","events":[{"cursor":1,"event":${event}}],"pad":""}` : `{"pad":"",${event.slice(1)}`;
  return body.replace('"pad":""', `"pad":"${' '.repeat(FUZZ_FRAME_CAP + 1 - body.length)}"`);
}
