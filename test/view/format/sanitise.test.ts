import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SANITISED_LENGTH, sanitise } from '../../../source/view/format/sanitise.js';

// Anything in C0, DEL, C1, or the bidi/zero-width/separator ranges must never survive.
const DANGEROUS = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/u; // eslint-disable-line no-control-regex

describe('sanitise', () => {
  test('shows an escape sequence escaped, never emitting ESC', () => {
    assert.equal(sanitise('a\u001b[2Jb'), 'a\\x1b[2Jb');
  });
  test('escapes carriage return, newline, tab and bell', () => {
    assert.equal(sanitise('x\ry\nz\t\u0007'), 'x\\ry\\nz\\t\\x07');
  });
  test('escapes DEL and the one-byte C1 CSI', () => {
    assert.equal(sanitise('\u007f\u009b31m'), '\\x7f\\x9b31m');
  });
  test('escapes bidi overrides and isolates', () => {
    assert.equal(sanitise('abc\u202edef\u2066'), 'abc\\u202edef\\u2066');
  });
  test('keeps ordinary unicode, including wide characters and emoji', () => {
    assert.equal(sanitise('日本語 👍🏽 café'), '日本語 👍🏽 café');
  });
  test('escapes lone surrogates but keeps surrogate pairs', () => {
    assert.equal(sanitise('a\ud800b'), 'a\\ud800b');
  });
  test('leaves no dangerous code point in any input byte', () => {
    let all = '';
    for (let cp = 0; cp < 0x3000; cp++) all += String.fromCodePoint(cp);
    assert.doesNotMatch(sanitise(all, Infinity), DANGEROUS);
  });
  test('truncates to maxLen characters with an ellipsis', () => {
    assert.equal(sanitise('abcdefgh', 5), 'abcd…');
    assert.equal(sanitise('abc', 5), 'abc');
  });
  test('caps long input at MAX_SANITISED_LENGTH by default', () => {
    const out = sanitise('x'.repeat(MAX_SANITISED_LENGTH + 100));
    assert.equal(Array.from(out).length, MAX_SANITISED_LENGTH);
    assert.ok(out.endsWith('…'));
  });
  test('stringifies non-string input', () => {
    assert.equal(sanitise(42), '42');
  });
});
