import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../../source/core/sim/rng.js';

describe('createRng', () => {
  test('the same seed yields the same sequence and a different seed a different one', () => {
    const draw = (seed: number): number[] => {
      const r = createRng(seed);
      return Array.from({ length: 20 }, () => r.next());
    };
    assert.deepEqual(draw(7), draw(7));
    assert.notDeepEqual(draw(7), draw(8));
  });

  test('uuids are hyphenated lowercase v4 with the RFC 4122 variant', () => {
    const r = createRng(1);
    for (let i = 0; i < 200; i++) assert.match(r.uuid(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test('int stays within its inclusive bounds and reaches both ends', () => {
    const r = createRng(3);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) seen.add(r.int(2, 5));
    assert.deepEqual([...seen].sort(), [2, 3, 4, 5]);
  });
});
