import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decodeJsonLine, MAX_LINE_CHARS } from '../../../source/core/decode/decode-json-line.js';

const FIXTURE = new URL('../../../../test/fixtures/events/all-variants.jsonl', import.meta.url);
const LINE = readFileSync(FIXTURE, 'utf8').split('\n')[0] as string;

describe('decodeJsonLine', () => {
  test('decodes a line holding one envelope, with or without a trailing CR or a BOM', () => {
    for (const l of [LINE, `${LINE}\r`, `\uFEFF${LINE}`, `  ${LINE}  `]) {
      const r = decodeJsonLine(l);
      assert.ok(r.ok);
      assert.equal(r.event.sequence, 1);
    }
  });

  test('rejects a line that is not JSON as invalid_json', () => {
    const r = decodeJsonLine(LINE.slice(0, -3));
    assert.equal(!r.ok && r.rejection.reason, 'invalid_json');
  });

  test('rejects a JSON line that is not an envelope object', () => {
    const r = decodeJsonLine(`[${LINE}]`);
    assert.equal(!r.ok && r.rejection.reason, 'not_an_object');
    const body = decodeJsonLine(`{"events":[${LINE}]}`);
    assert.equal(!body.ok && body.rejection.reason, 'missing_field');
  });

  test('rejects a line longer than the limit as frame_too_large', () => {
    const r = decodeJsonLine(LINE, 100);
    assert.equal(!r.ok && r.rejection.reason, 'frame_too_large');
    assert.equal(MAX_LINE_CHARS, 16 * 1024 * 1024);
    const over = decodeJsonLine(' '.repeat(MAX_LINE_CHARS + 1));
    assert.equal(!over.ok && over.rejection.reason, 'frame_too_large');
  });
});
