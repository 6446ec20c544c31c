import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { alertmanagerEndpoint } from '../../../../source/core/alerts/notify/alertmanager-endpoint.js';

describe('alertmanagerEndpoint', () => {
  test('appends /api/v2/alerts to a base URL, with or without a trailing slash', () => {
    assert.equal(alertmanagerEndpoint('http://127.0.0.1:9093'), 'http://127.0.0.1:9093/api/v2/alerts');
    assert.equal(alertmanagerEndpoint('https://am.example/'), 'https://am.example/api/v2/alerts');
  });

  test('keeps a path prefix, as Prometheus\'s path_prefix does', () => {
    assert.equal(alertmanagerEndpoint('http://proxy/alertmanager/'), 'http://proxy/alertmanager/api/v2/alerts');
  });

  test('keeps a URL that already ends in /api/v2/alerts', () => {
    assert.equal(alertmanagerEndpoint('http://am:9093/api/v2/alerts'), 'http://am:9093/api/v2/alerts');
    assert.equal(alertmanagerEndpoint('http://am:9093/api/v2/alerts/'), 'http://am:9093/api/v2/alerts');
  });

  test('rejects what is not an http(s) URL with a message naming the problem', () => {
    assert.throws(() => alertmanagerEndpoint('am:9093'), /must be http:\/\/ or https:\/\//);
    assert.throws(() => alertmanagerEndpoint('localhost'), /not a URL: "localhost"/);
    assert.throws(() => alertmanagerEndpoint('file:///tmp/x'), /not file:\/\//);
    assert.throws(() => alertmanagerEndpoint('http://am:9093/#x'), /no #fragment/);
  });
});
