import { test } from 'node:test';
import assert from 'node:assert/strict';
import { httpStatusLine } from '../../../source/core/runtime-api/http-status-line.js';

test('an HTTP status reads with its standard phrase, and a code without one stays bare', () => {
  assert.deepEqual([httpStatusLine(404), httpStatusLine(401), httpStatusLine(503), httpStatusLine(599)], ['404 Not Found', '401 Unauthorized', '503 Service Unavailable', '599']);
});
