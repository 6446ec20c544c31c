import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decodeEnvelope } from '../../../source/core/decode/decode-envelope.js';
import { EVENT_SPECS, KNOWN_EVENT_TYPES, type FieldType } from '../../../source/core/decode/event-specs.js';
import type { EventType } from '../../../source/core/decode/event-kinds.js';

const FIXTURE = new URL('../../../../test/fixtures/events/all-variants.jsonl', import.meta.url);
const ENVELOPES = readFileSync(FIXTURE, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);

/** The first fixture envelope of a type, deep-copied so tests can mutate it. */
function sample(type: string): Record<string, unknown> {
  const env = ENVELOPES.find((e) => (e['kind'] as { type: string }).type === type);
  assert.ok(env !== undefined, `fixture lacks ${type}`);
  return structuredClone(env);
}

const isOptional = (t: FieldType): boolean => typeof t === 'string' && t.endsWith('?');
const specOf = (type: EventType): Record<string, FieldType> => EVENT_SPECS[type] as Record<string, FieldType>;

describe('EVENT_SPECS against the all-variants fixture', () => {
  test('lists each of the 46 types once', () => {
    assert.equal(KNOWN_EVENT_TYPES.length, 46);
    assert.deepEqual([...new Set(KNOWN_EVENT_TYPES)].sort(), [...KNOWN_EVENT_TYPES].sort());
  });

  test('rejects every fixture event with one required field removed as missing_field on that path', () => {
    let checked = 0;
    for (const type of KNOWN_EVENT_TYPES) {
      for (const [field, ft] of Object.entries(specOf(type))) {
        if (isOptional(ft)) continue;
        const env = sample(type);
        delete (env['kind'] as Record<string, unknown>)[field];
        const r = decodeEnvelope(env);
        assert.ok(!r.ok, `${type}.${field} removed should be rejected`);
        assert.deepEqual([r.rejection.reason, r.rejection.field], ['missing_field', `kind.${field}`]);
        checked++;
      }
    }
    assert.ok(checked > 100);
  });

  test('accepts every fixture event with any optional field null or absent', () => {
    for (const type of KNOWN_EVENT_TYPES) {
      for (const [field, ft] of Object.entries(specOf(type))) {
        if (!isOptional(ft)) continue;
        const nulled = sample(type);
        (nulled['kind'] as Record<string, unknown>)[field] = null;
        assert.ok(decodeEnvelope(nulled).ok, `${type}.${field} = null`);
        const absent = sample(type);
        delete (absent['kind'] as Record<string, unknown>)[field];
        assert.ok(decodeEnvelope(absent).ok, `${type}.${field} absent`);
      }
    }
  });

  test('fixture kinds other than node_completed carry every field, empty options as null', () => {
    for (const env of ENVELOPES) {
      const kind = env['kind'] as Record<string, unknown> & { type: EventType };
      if (kind.type === 'node_completed') continue;
      for (const field of Object.keys(specOf(kind.type))) assert.ok(field in kind, `${kind.type}.${field} absent`);
      assert.deepEqual(Object.keys(kind), ['type', ...Object.keys(specOf(kind.type))], `${kind.type} field order`);
    }
  });
});
