import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { redactUrl } from '../../../source/core/sources/redact-url.js';

describe('redactUrl', () => {
  test('drops user and password from the authority', () => {
    assert.equal(redactUrl('wss://alice:hunter2@example.com:8443/v1/events'), 'wss://example.com:8443/v1/events');
  });

  test('masks token, access_token and key query values and keeps the others', () => {
    const out = redactUrl('https://rt.example/x?token=abc&limit=5&access_token=def&KEY=ghi');
    assert.equal(out, 'https://rt.example/x?token=***&limit=5&access_token=***&KEY=***');
    assert.ok(!/abc|def|ghi/.test(out));
  });

  test('leaves file paths and stdin untouched', () => {
    assert.equal(redactUrl('-'), '-');
    assert.equal(redactUrl('./logs/run.jsonl'), './logs/run.jsonl');
  });

  test('leaves a URL without credentials as it was', () => {
    assert.equal(redactUrl('http://127.0.0.1:7700'), 'http://127.0.0.1:7700/');
  });
});
