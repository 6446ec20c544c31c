// Real HTTP requests against startHttpServer behind a web config: every path, known or not, answers 401 with
// WWW-Authenticate unless the request carries a configured user's password or the bearer token.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import bcrypt from 'bcryptjs';
import { AUTH_CACHE_MAX, AUTH_MAX_PENDING_CHECKS, createAuthenticator } from '../../../source/core/server/http-auth.js';
import { startHttpServer, type RunningHttpServer } from '../../../source/core/server/http-server.js';
import { healthReport } from '../../../source/core/server/health-report.js';

const PASSWORD = 'correct horse';
const TOKEN = 'bearer-tok-7f3a';
const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const metrics = { render: async () => ({ contentType: 'text/plain; version=0.0.4; charset=utf-8', parts: ['up 1\n'] }) };

async function serverWith(users: Record<string, string>, bearerToken?: string): Promise<RunningHttpServer> {
  const auth = createAuthenticator({ file: 'web.yml', basicAuthUsers: new Map(Object.entries(users)), bearerToken });
  return startHttpServer({
    host: '127.0.0.1', port: 0, metrics, health: () => healthReport([]), auth,
    extraRoutes: [{ method: 'POST', path: '/-/reload', handler: () => ({ status: 200, body: { status: 'success' } }) }],
  });
}

describe('HTTP endpoints behind --web-config', () => {
  let both: RunningHttpServer;
  before(async () => {
    // Cost 4 keeps the test quick; the comparison is the same at any cost.
    both = await serverWith({ alice: bcrypt.hashSync(PASSWORD, 4) }, TOKEN);
  });
  after(() => both.close());

  test('without credentials every path is 401 with a Basic and a Bearer challenge, and serves nothing', async () => {
    for (const [method, path] of [['GET', '/metrics'], ['GET', '/healthz'], ['POST', '/-/reload'], ['GET', '/no-such-path']] as const) {
      const res = await fetch(`${both.url}${path}`, { method });
      const body = await res.text();
      assert.equal(res.status, 401, `${method} ${path}`);
      assert.equal(res.headers.get('www-authenticate'), 'Basic realm="jamjet-top", charset="UTF-8", Bearer realm="jamjet-top"');
      assert.doesNotMatch(body, /up 1|sources|routes/, 'no content, not even the route list of a 404');
    }
  });

  test('the right user and password, or the bearer token, are served', async () => {
    const res = await fetch(`${both.url}/metrics`, { headers: { authorization: basic('alice', PASSWORD) } });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'up 1\n');
    assert.equal((await fetch(`${both.url}/healthz`, { headers: { authorization: `Bearer ${TOKEN}` } })).status, 200);
    assert.equal((await fetch(`${both.url}/-/reload`, { method: 'POST', headers: { authorization: `bearer ${TOKEN}` } })).status, 200, 'the scheme is case-insensitive');
    assert.equal((await fetch(`${both.url}/nope`, { headers: { authorization: basic('alice', PASSWORD) } })).status, 404, 'an authenticated unknown path is a 404 again');
  });

  test('a wrong password, an unknown user, a wrong or near-miss token, a malformed header: 401', async () => {
    for (const authorization of [
      basic('alice', 'wrong'), basic('alice', `${PASSWORD} `), basic('mallory', PASSWORD), basic('', ''), `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`,
      'Bearer', 'Basic', 'Basic !!!', `Token ${TOKEN}`, TOKEN, `Basic ${Buffer.from('alice').toString('base64')}`,
    ]) {
      assert.equal((await fetch(`${both.url}/metrics`, { headers: { authorization } })).status, 401, authorization);
    }
  });

  test('only the configured schemes are offered and accepted', async () => {
    const basicOnly = await serverWith({ alice: bcrypt.hashSync(PASSWORD, 4) });
    const bearerOnly = await serverWith({}, TOKEN);
    try {
      const a = await fetch(`${basicOnly.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      assert.equal(a.status, 401);
      assert.equal(a.headers.get('www-authenticate'), 'Basic realm="jamjet-top", charset="UTF-8"');
      const b = await fetch(`${bearerOnly.url}/metrics`, { headers: { authorization: basic('alice', PASSWORD) } });
      assert.equal(b.status, 401);
      assert.equal(b.headers.get('www-authenticate'), 'Bearer realm="jamjet-top"');
      assert.equal((await fetch(`${bearerOnly.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status, 200);
    } finally {
      await Promise.all([basicOnly.close(), bearerOnly.close()]);
    }
  });
});

describe('createAuthenticator', () => {
  test('remembers at most AUTH_CACHE_MAX good credentials, and a remembered one stops working when the hash changes', async () => {
    const hash = bcrypt.hashSync(PASSWORD, 4);
    const users = new Map<string, string>();
    for (let i = 0; i < AUTH_CACHE_MAX + 10; i++) users.set(`u${i}`, hash);
    const auth = createAuthenticator({ file: 'web.yml', basicAuthUsers: users });
    for (let i = 0; i < AUTH_CACHE_MAX + 10; i++) assert.equal(await auth.check(basic(`u${i}`, PASSWORD)), 'ok');
    assert.equal(auth.remembered, AUTH_CACHE_MAX);
    assert.equal(await auth.check(basic('u1', 'wrong')), 'denied');
    assert.equal(auth.remembered, AUTH_CACHE_MAX, 'a failure is never remembered');
    // Every user still authenticates after the cache turned over: it is a shortcut, never the only way in.
    assert.equal(await auth.check(basic('u0', PASSWORD)), 'ok');
    const changed = createAuthenticator({ file: 'web.yml', basicAuthUsers: new Map([['u0', bcrypt.hashSync('other', 4)]]) });
    assert.equal(await changed.check(basic('u0', PASSWORD)), 'denied');
  });

  test('past AUTH_MAX_PENDING_CHECKS bcrypt checks at once, a new guess is answered busy at once; remembered credentials still pass', async () => {
    const auth = createAuthenticator({ file: 'web.yml', basicAuthUsers: new Map([['alice', bcrypt.hashSync(PASSWORD, 10)]]) });
    assert.equal(await auth.check(basic('alice', PASSWORD)), 'ok');
    const guesses = Array.from({ length: AUTH_MAX_PENDING_CHECKS + 6 }, (_, i) => auth.check(basic('alice', `guess-${i}`)));
    assert.equal(await auth.check(basic('alice', PASSWORD)), 'ok', 'remembered: no bcrypt, never busy');
    const outcomes = await Promise.all(guesses);
    assert.deepEqual(outcomes.slice(0, AUTH_MAX_PENDING_CHECKS), Array(AUTH_MAX_PENDING_CHECKS).fill('denied'));
    assert.deepEqual(outcomes.slice(AUTH_MAX_PENDING_CHECKS), Array(6).fill('busy'));
    assert.equal(await auth.check(basic('alice', 'later')), 'denied', 'checks run again once the others finished');
  });
});
