import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { systemClock } from '../../../source/core/clock.js';
import { createSource, SourceUrlError } from '../../../source/core/sources/create-sources.js';
import { JsonlReplayEventSource } from '../../../source/core/sources/jsonl-replay-event-source.js';
import { RestPollingEventSource } from '../../../source/core/sources/rest-polling-event-source.js';
import { WebSocketEventSource } from '../../../source/core/sources/websocket-event-source.js';

const opts = { id: 's', clock: systemClock(), token: 'tok' };

describe('createSource', () => {
  test('ws:// and wss:// get the websocket source', () => {
    assert.ok(createSource('ws://127.0.0.1:7700/v1/events', opts) instanceof WebSocketEventSource);
    assert.ok(createSource('WSS://example.com/v1/events', opts) instanceof WebSocketEventSource);
  });

  test('http:// and https:// get the REST poller', () => {
    assert.ok(createSource('http://127.0.0.1:7700', opts) instanceof RestPollingEventSource);
    assert.ok(createSource('https://jamjet.example.com/', opts) instanceof RestPollingEventSource);
  });

  test('a .jsonl path, a file: URL to one, and - get the replay source', () => {
    assert.ok(createSource('./runs/today.jsonl', opts) instanceof JsonlReplayEventSource);
    assert.ok(createSource('/var/log/x.JSONL', opts) instanceof JsonlReplayEventSource);
    assert.ok(createSource('file:///tmp/x.jsonl', opts) instanceof JsonlReplayEventSource);
    const stdin = createSource('-', { ...opts, stdin: new PassThrough() });
    assert.ok(stdin instanceof JsonlReplayEventSource);
    assert.equal(stdin.status().url, '-');
  });

  test('the status url never carries credentials', () => {
    const src = createSource('wss://u:p@example.com/v1/events?token=abc', opts);
    assert.equal(src.status().url, 'wss://example.com/v1/events?token=***');
  });

  test('rejects anything else with a message naming the value', () => {
    for (const bad of ['', 'ftp://host/x', 'events.json', 'localhost:7700', 'http://', 'file:///tmp/x.txt']) {
      assert.throws(
        () => createSource(bad, opts),
        (err: unknown) => err instanceof SourceUrlError && err.message.startsWith(JSON.stringify(bad)),
        `value ${JSON.stringify(bad)}`,
      );
    }
  });

  test('the error message strips credentials and escapes control characters', () => {
    assert.throws(() => createSource('ftp://bob:secret@host/\u001b[2J', opts), (err: unknown) => {
      const msg = (err as Error).message;
      return !msg.includes('secret') && !msg.includes('\u001b');
    });
  });
});
