import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { restBases } from '../../../source/core/inspect/runtime-client.js';

describe('restBases', () => {
  test('keeps only the address and path of http(s) URLs: no credentials, query or fragment', () => {
    assert.deepEqual(
      restBases(['http://user:pw@127.0.0.1:7700/?token=SECRET#x', 'https://runtime.example/jamjet/', 'ws://127.0.0.1:7700/v1/events', 'events.jsonl', '-']),
      ['http://127.0.0.1:7700', 'https://runtime.example/jamjet'],
    );
  });
});
