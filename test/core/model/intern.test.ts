import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { intern, internedCount, MAX_INTERNED } from '../../../source/core/model/intern.js';

describe('intern', () => {
  test('returns an equal string, the same copy for equal input', () => {
    const a = JSON.parse('"model-worker-12345"') as string;
    const b = JSON.parse('"model-worker-12345"') as string;
    assert.equal(intern(a), 'model-worker-12345');
    assert.equal(intern(b), a);
  });

  test('never holds more than MAX_INTERNED strings and still answers correctly past it', () => {
    for (let i = 0; i < MAX_INTERNED * 2 + 3; i++) {
      assert.equal(intern(`worker-${i}-of-many`), `worker-${i}-of-many`);
      assert.ok(internedCount() <= MAX_INTERNED);
    }
  });
});
