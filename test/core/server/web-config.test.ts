import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../source/core/config/config-error.js';
import { loadWebConfig, parseWebConfig } from '../../../source/core/server/web-config.js';

const HASH = '$2y$10$X0oHU2pVJ2pXGDHEpRQGQeYw2GIGjS0a58.ZjxsEkSH1yj3lDMSRW';
const noFiles = (path: string): string => {
  throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
};

/** The ConfigError message parseWebConfig throws for `text`. */
function errorOf(text: string, readFile: (path: string) => string = noFiles): string {
  try {
    parseWebConfig('web.yml', text, readFile);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.message;
  }
  assert.fail('no error');
}

test('reads basic_auth_users (bcrypt hashes as htpasswd, Python and Go write them) and a bearer token file', () => {
  const read: string[] = [];
  const config = parseWebConfig('web.yml', `basic_auth_users:\n  alice: ${HASH}\n  bob: '${HASH.replace('$2y$', '$2b$')}'\nbearer_token_file: token.txt\n`, (p) => {
    read.push(p);
    return 'tok-123\n';
  });
  assert.deepEqual([...config.basicAuthUsers.keys()], ['alice', 'bob']);
  assert.equal(config.basicAuthUsers.get('alice'), HASH);
  assert.equal(config.bearerToken, 'tok-123', 'the trailing newline of a secrets file is trimmed');
  assert.deepEqual(read, ['token.txt']);
});

test('reads bearer_token_file relative to the web config file', () => {
  const seen: string[] = [];
  const config = loadWebConfig('conf/web.yml', '/srv', (p) => {
    seen.push(p);
    return p.endsWith('web.yml') ? 'bearer_token_file: secrets/token\n' : 'abc';
  });
  assert.deepEqual(seen, ['/srv/conf/web.yml', '/srv/conf/secrets/token']);
  assert.equal(config.bearerToken, 'abc');
});

test('refuses tls_server_config and http_server_config by name, never ignoring them, at file:line:col', () => {
  assert.match(errorOf(`basic_auth_users:\n  alice: ${HASH}\ntls_server_config:\n  cert_file: a.crt\n`), /^web\.yml:3:1: tls_server_config: TLS is not supported by jamjet-top; terminate TLS in a reverse proxy/);
  assert.match(errorOf(`http_server_config:\n  http2: false\n`), /^web\.yml:1:1: http_server_config: HTTP\/2 settings and extra headers are not supported/);
});

test('a value that is not a bcrypt hash is an error that does not echo it (it may be a plain password)', () => {
  const message = errorOf('basic_auth_users:\n  alice: hunter2-plain\n');
  assert.match(message, /^web\.yml:2:10: basic_auth_users\.alice: expected a bcrypt hash/);
  assert.ok(!message.includes('hunter2'), message);
  assert.match(errorOf(`basic_auth_users:\n  alice: ${HASH.slice(0, -1)}\n`), /^web\.yml:2:10: /);
  assert.match(errorOf('basic_auth_users:\n  alice: 42\n'), /^web\.yml:2:10: /);
});

test('unknown keys, a YAML syntax error, a map of the wrong shape, a colon in a user name: exit-2 errors with positions', () => {
  assert.match(errorOf(`basic_auth_user:\n  alice: ${HASH}\n`), /^web\.yml:1:1: unknown key "basic_auth_user" \(expected basic_auth_users or bearer_token_file\)/);
  assert.match(errorOf('basic_auth_users: [alice]\n'), /^web\.yml:1:19: basic_auth_users: expected a map/);
  assert.match(errorOf('basic_auth_users:\n  alice: "x\n'), /^web\.yml:\d+:\d+: Missing closing "quote/);
  assert.match(errorOf(`basic_auth_users:\n  "a:b": ${HASH}\n`), /^web\.yml:2:3: basic_auth_users: a user name must be non-empty and hold no colon/);
  assert.match(errorOf('- a\n'), /^web\.yml:1:1: a web config file must be a map/);
});

test('a file that requires nothing is an error, not an open server', () => {
  assert.match(errorOf('basic_auth_users: {}\n'), /^web\.yml:1:1: sets no basic_auth_users and no bearer_token_file/);
  assert.match(errorOf('{}\n'), /sets no basic_auth_users/);
});

test('bearer_token_file: missing, empty, or holding a line break inside the token', () => {
  assert.match(errorOf('bearer_token_file: nope.txt\n'), /^web\.yml:1:20: bearer_token_file: cannot read nope\.txt: ENOENT/);
  assert.match(errorOf('bearer_token_file: t\n', () => '\n'), /^web\.yml:1:20: bearer_token_file: t is empty/);
  const message = errorOf('bearer_token_file: t\n', () => 'abc\ndef\n');
  assert.match(message, /holds a control character/);
  assert.ok(!message.includes('abc'), 'the token is not echoed');
});

test('a missing web config file names the flag and the file', () => {
  assert.throws(() => loadWebConfig('missing.yml', '/nowhere', noFiles), (e: unknown) => e instanceof ConfigError && e.message === '--web-config: cannot read missing.yml: ENOENT');
});
