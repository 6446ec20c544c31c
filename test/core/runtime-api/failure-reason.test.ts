import { test } from 'node:test';
import assert from 'node:assert/strict';
import { failureReason, FORBIDDEN_MESSAGE, networkReason, UNAUTHORIZED_MESSAGE } from '../../../source/core/runtime-api/failure-reason.js';
import { BadResponseError, HttpStatusError } from '../../../source/core/runtime-api/runtime-api-error.js';

const failed = (cause: { code?: string; message?: string }): Error => Object.assign(new TypeError('fetch failed'), { cause });
const reason = (err: unknown): string => failureReason(err, 10_000);

test('401 and 403 say what to do about the token; other statuses read "HTTP <code> <phrase> from <method> <path>"', () => {
  assert.deepEqual(
    [401, 403, 400, 404, 409, 500, 502, 503, 599].map((s) => reason(new HttpStatusError(s, 'GET', '/executions'))),
    [
      '401 unauthorized: check --token or JAMJET_TOKEN',
      '403 forbidden: token lacks read access',
      'HTTP 400 Bad Request from GET /executions',
      'HTTP 404 Not Found from GET /executions',
      'HTTP 409 Conflict from GET /executions',
      'HTTP 500 Internal Server Error from GET /executions',
      'HTTP 502 Bad Gateway from GET /executions',
      'HTTP 503 Service Unavailable from GET /executions',
      'HTTP 599 from GET /executions',
    ],
  );
  assert.equal(reason(new HttpStatusError(401, 'GET', '/x')), UNAUTHORIZED_MESSAGE);
  assert.equal(reason(new HttpStatusError(403, 'GET', '/x')), FORBIDDEN_MESSAGE);
});

test('a request that got no answer says why in words: refused, DNS, reset, timed out, a port fetch will not dial', () => {
  assert.deepEqual(
    [
      reason(failed({ code: 'ECONNREFUSED' })),
      reason(failed({ code: 'ENOTFOUND' })),
      reason(failed({ code: 'EAI_AGAIN' })),
      reason(failed({ code: 'ECONNRESET' })),
      reason(failed({ code: 'ETIMEDOUT' })),
      reason(failed({ code: 'UND_ERR_CONNECT_TIMEOUT' })),
      reason(failed({ code: 'EHOSTUNREACH' })),
      reason(failed({ code: 'EPROTO' })),
      reason(failed({ message: 'bad port' })),
      reason(failed({ message: 'other side closed\nwith detail' })),
      reason(Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' })),
      failureReason(Object.assign(new Error('timeout'), { name: 'TimeoutError' }), 2_500),
    ],
    [
      'connection refused', 'host not found', 'DNS lookup failed (EAI_AGAIN)', 'connection reset', 'connection timed out', 'connection timed out',
      'host unreachable', 'network error: EPROTO', 'port refused by fetch (on its list of blocked ports)', 'network error: other side closed',
      'timeout: no answer within 10s', 'timeout: no answer within 2.5s',
    ],
  );
});

test('a body over the cap or not JSON is said with the route', () => {
  assert.equal(reason(new BadResponseError('GET', '/executions/exec_1/events', 'body larger than 100 bytes', true)), 'bad response from GET /executions/exec_1/events: body larger than 100 bytes');
});

test('the socket codes the websocket source shares are worded once, and an unknown code is left to the caller', () => {
  assert.deepEqual([networkReason('ECONNREFUSED'), networkReason('ENOTFOUND'), networkReason('WS_ERR_X'), networkReason(undefined)], ['connection refused', 'host not found', undefined, undefined]);
});
