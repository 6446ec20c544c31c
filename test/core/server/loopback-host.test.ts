import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exposureWarning, isLoopbackHost } from '../../../source/core/server/loopback-host.js';

test('loopback: 127.0.0.0/8, ::1 in any spelling, IPv4-mapped loopback, localhost', () => {
  for (const host of ['127.0.0.1', '127.1.2.3', '127.255.255.254', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', 'localhost', 'LOCALHOST', 'api.localhost']) {
    assert.equal(isLoopbackHost(host), true, host);
  }
});

test('not loopback: every interface, a LAN or public address, a host name, almost-loopback look-alikes', () => {
  for (const host of ['0.0.0.0', '::', '[::]', '192.168.1.10', '10.0.0.1', '8.8.8.8', 'fe80::1', '::ffff:10.0.0.1', 'example.com', 'localhost.example.com', '128.0.0.1', '1.127.0.0']) {
    assert.equal(isLoopbackHost(host), false, host);
  }
});

test('one warning beyond loopback naming the address, what to set, and that credentials travel unencrypted when auth is on', () => {
  assert.equal(exposureWarning('127.0.0.1', 9090, false), undefined);
  assert.equal(exposureWarning('::1', 9090, true), undefined);
  assert.equal(
    exposureWarning('0.0.0.0', 9090, false),
    'serving /metrics and the API on 0.0.0.0:9090: reachable from other machines, with no auth; set --web-config to require it (see jamjet serve --help)',
  );
  assert.match(exposureWarning('::', 9100, true) ?? '', /^serving \/metrics and the API on \[::\]:9100: reachable from other machines; --web-config requires credentials, but they travel unencrypted/);
});
