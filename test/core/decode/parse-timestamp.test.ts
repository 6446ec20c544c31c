import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTimestamp } from '../../../source/core/decode/parse-timestamp.js';

const MS = Date.UTC(2026, 2, 14, 9, 21, 7, 104);

describe('parseTimestamp', () => {
  test('parses 0, 3, 6 and 9 fraction digits with a Z suffix, truncating below the millisecond', () => {
    assert.equal(parseTimestamp('2026-03-14T09:21:07Z'), MS - 104);
    assert.equal(parseTimestamp('2026-03-14T09:21:07.104Z'), MS);
    assert.equal(parseTimestamp('2026-03-14T09:21:07.104223Z'), MS);
    assert.equal(parseTimestamp('2026-03-14T09:21:07.104999999Z'), MS);
    assert.equal(parseTimestamp('2026-03-14T09:21:07.1Z'), MS + 100 - 104);
  });

  test('applies +00:00 and other numeric offsets', () => {
    assert.equal(parseTimestamp('2026-03-14T09:21:07.104223908+00:00'), MS);
    assert.equal(parseTimestamp('2026-03-14T11:21:07.104+02:00'), MS);
    assert.equal(parseTimestamp('2026-03-14T04:51:07.104-04:30'), MS);
  });

  test('accepts lowercase t/z and a space separator as RFC 3339 allows', () => {
    assert.equal(parseTimestamp('2026-03-14t09:21:07.104z'), MS);
    assert.equal(parseTimestamp('2026-03-14 09:21:07.104Z'), MS);
  });

  test('agrees with Date.parse on a spread of dates, including leap days and before 1970', () => {
    const samples = ['1969-12-31T23:59:59.999Z', '2000-02-29T12:00:00.000Z', '2100-03-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z', '2026-12-31T23:59:59.999Z'];
    for (const s of samples) assert.equal(parseTimestamp(s), Date.parse(s), s);
  });

  test('returns NaN for anything that is not an RFC 3339 date-time', () => {
    const bad = [
      '', 'yesterday', '2026-03-14', '2026-03-14T09:21:07', '2026-03-14T09:21:07.Z', '2026-13-01T00:00:00Z',
      '2026-02-29T00:00:00Z', '2026-03-14T24:00:00Z', '2026-03-14T09:60:00Z', '2026-03-14T09:21:07+0000',
      '2026-03-14T09:21:07Zjunk', '2026/03/14T09:21:07Z', '2026-03-14T09:21:07+24:00', '+12026-03-14T09:21:07Z',
      `2026-03-14T09:21:07.${'1'.repeat(100)}Z`,
    ];
    for (const b of bad) assert.ok(Number.isNaN(parseTimestamp(b)), b);
  });

  test('returns NaN for a non-string smuggled past the types', () => {
    assert.ok(Number.isNaN(parseTimestamp(1 as unknown as string)));
  });
});
