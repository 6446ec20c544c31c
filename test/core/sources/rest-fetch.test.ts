import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeFetchError, HttpStatusError } from '../../../source/core/sources/rest-fetch.js';

const failed = (cause: { code?: string; message?: string }): Error => Object.assign(new TypeError('fetch failed'), { cause });

test('a failed request is said in words: refused, DNS, a port fetch will not dial, an HTTP status with its phrase', () => {
  assert.deepEqual(
    [
      describeFetchError(failed({ code: 'ECONNREFUSED' }), 10_000),
      describeFetchError(failed({ code: 'ENOTFOUND' }), 10_000),
      describeFetchError(failed({ code: 'EAI_AGAIN' }), 10_000),
      describeFetchError(failed({ message: 'bad port' }), 10_000),
      describeFetchError(new HttpStatusError(404, '/executions'), 10_000),
    ],
    ['connection refused', 'host not found', 'DNS lookup failed (EAI_AGAIN)', 'port refused by fetch (on its list of blocked ports)', 'HTTP 404 Not Found from GET /executions'],
  );
});
