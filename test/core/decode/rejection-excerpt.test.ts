import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEnvelope } from '../../../source/core/decode/decode-envelope.js';
import { excerptOnFailure, REJECTION_EXCERPT_CHARS, rejectionExcerpt, withExcerpt } from '../../../source/core/decode/rejection-excerpt.js';

describe('rejectionExcerpt', () => {
  test('keeps short text as it came, control characters included (the view escapes them)', () => {
    assert.equal(rejectionExcerpt('{not json\u001b[2J'), '{not json\u001b[2J');
  });

  test(`cuts long text to ${REJECTION_EXCERPT_CHARS} units ending with …`, () => {
    const excerpt = rejectionExcerpt('a'.repeat(10_000));
    assert.equal(excerpt.length, REJECTION_EXCERPT_CHARS);
    assert.equal(excerpt, `${'a'.repeat(REJECTION_EXCERPT_CHARS - 1)}…`);
  });

  test('never leaves half a surrogate pair at the cut', () => {
    const excerpt = rejectionExcerpt(`${'a'.repeat(REJECTION_EXCERPT_CHARS - 3)}😀😀😀`);
    assert.equal(excerpt, `${'a'.repeat(REJECTION_EXCERPT_CHARS - 3)}😀…`);
    assert.equal(rejectionExcerpt(`${'a'.repeat(REJECTION_EXCERPT_CHARS - 2)}😀😀`), `${'a'.repeat(REJECTION_EXCERPT_CHARS - 2)}…`);
  });

  test('writes a parsed value as the JSON it came as', () => {
    const value = { id: 'x', sequence: 2, kind: { type: 'node_started', tags: ['a', null, true] }, note: 'say "hi"\n' };
    assert.equal(rejectionExcerpt(value), JSON.stringify(value));
    assert.equal(rejectionExcerpt(42), '42');
    assert.equal(rejectionExcerpt(null), 'null');
  });

  test('stops serialising a huge value at the cap: a 10 MB string, a million items, deep nesting', () => {
    const huge = { payload: 'p'.repeat(10_000_000), items: Array.from({ length: 1_000_000 }, (_, i) => i) };
    const excerpt = rejectionExcerpt(huge);
    assert.equal(excerpt.length, REJECTION_EXCERPT_CHARS);
    assert.ok(excerpt.startsWith('{"payload":"ppp'));
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    assert.equal(rejectionExcerpt(deep), `${'['.repeat(REJECTION_EXCERPT_CHARS - 1)}…`);
  });

  test('attaches an excerpt to a failed decode only, and keeps one already there', () => {
    const bad = { id: 1 };
    const failed = excerptOnFailure(decodeEnvelope(bad), bad);
    assert.equal(failed.ok ? undefined : failed.rejection.excerpt, '{"id":1}');
    const rejection = { reason: 'invalid_json' as const, detail: 'x', excerpt: 'first' };
    assert.equal(withExcerpt(rejection, 'second'), rejection);
  });
});
