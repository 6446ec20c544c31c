import { test } from 'node:test';
import assert from 'node:assert/strict';
import { terminalSafeJson } from '../../../source/core/telemetry/terminal-safe-json.js';
import { HOSTILE, HOSTILE_STRINGS, assertTerminalSafe } from '../../helpers/hostile-strings.js';

test('escapes what JSON.stringify leaves raw (DEL, C1, bidi, separators, lone surrogates) and parses back to the same value', () => {
  const value = { text: HOSTILE, sep: 'a\u2028b\u2029c\ufeff\u200b', lone: 'x\ud800y', pair: '👍🏽 café 日本' };
  const raw = JSON.stringify(value);
  assert.throws(() => assertTerminalSafe(raw, 'JSON.stringify alone'));
  const safe = terminalSafeJson(raw);
  assertTerminalSafe(safe, 'terminalSafeJson');
  assert.deepEqual(JSON.parse(safe), value);
  assert.ok(safe.includes('\\u009b') && safe.includes('\\u202e') && safe.includes('\\u007f') && safe.includes('\\ud800'));
  assert.ok(safe.includes('👍🏽 café 日本'), 'ordinary text and surrogate pairs are kept as they are');
});

test('each hostile string, alone, comes out with nothing a terminal acts on', () => {
  for (const h of HOSTILE_STRINGS) assertTerminalSafe(terminalSafeJson(JSON.stringify(h.text)), h.name);
});
