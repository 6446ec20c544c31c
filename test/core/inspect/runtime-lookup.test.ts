import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runtimeClients } from '../../../source/core/inspect/runtime-lookup.js';

describe('runtimeClients', () => {
  test('asks only the http(s) --urls, by address and path: no credentials, query or fragment', () => {
    const clients = runtimeClients(['http://user:pw@127.0.0.1:7700/?token=SECRET#x', 'https://runtime.example/jamjet/', 'ws://127.0.0.1:7700/v1/events', 'events.jsonl', '-', 'http://'], 'tok');
    assert.deepEqual(clients.map((c) => c.base), ['http://127.0.0.1:7700', 'https://runtime.example/jamjet']);
  });
});
