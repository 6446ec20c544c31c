import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock } from '../../../source/core/clock.js';
import { FORBIDDEN_MESSAGE, UNAUTHORIZED_MESSAGE } from '../../../source/core/runtime-api/failure-reason.js';
import { BadResponseError, HttpStatusError } from '../../../source/core/runtime-api/runtime-api-error.js';
import { REST_MAX_RESPONSE_BYTES, RuntimeClient, runtimeBase } from '../../../source/core/runtime-api/runtime-client.js';
import { startSim, type SimHandle } from '../../../source/core/sim/sim-server.js';
import { SIM_T0 } from '../../helpers/sim-fixtures.js';

const TOKEN = 'jj_client_secret_42';
const UNKNOWN = 'exec_00000000000000000000000000000abc';

/** The error a promise rejects with (fails the test when it resolves). */
async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  assert.fail('expected a rejection');
}

describe('runtimeBase', () => {
  test('keeps only the address and path: no credentials, query (?token=) or fragment, no trailing slash', () => {
    assert.deepEqual(
      ['http://user:pw@127.0.0.1:7700/?token=SECRET#x', 'https://runtime.example/jamjet/', 'http://127.0.0.1:7700'].map(runtimeBase),
      ['http://127.0.0.1:7700', 'https://runtime.example/jamjet', 'http://127.0.0.1:7700'],
    );
    assert.throws(() => runtimeBase('not a url'), TypeError);
  });
});

describe('RuntimeClient against the sim', () => {
  let sim: SimHandle;
  let client: RuntimeClient;

  before(async () => {
    const clock = new ManualClock(SIM_T0);
    sim = await startSim({ clock, seed: 9, executions: 80, rate: 4, token: TOKEN });
    for (let i = 0; i < 600; i++) clock.advance(100); // 60 s virtual: some finished, some running
    client = new RuntimeClient(sim.httpUrl, { token: TOKEN });
  });
  after(() => sim.close());

  test('GET /executions: typed records, exec_ ids and epoch-ms times, newest update first, limit and offset honoured', async () => {
    const all = await client.listExecutions({ limit: 1_000 });
    assert.equal(all.length, sim.runtime.listExecutions({ limit: 1_000 }).length);
    assert.ok(all.every((r) => /^exec_[0-9a-f]{32}$/.test(r.executionId) && typeof r.status === 'string' && typeof r.startedAt === 'number'));
    const updated = all.map((r) => r.updatedAt ?? 0);
    assert.deepEqual(updated, [...updated].sort((a, b) => b - a));
    const page = await client.listExecutions({ limit: 5, offset: 3 });
    assert.deepEqual(page.map((r) => r.executionId), all.slice(3, 8).map((r) => r.executionId));
    assert.equal((await client.listExecutions()).length, Math.min(50, all.length), 'the runtime\'s default page');
  });

  test('GET /executions?status=: the statuses the runtime ignores (it lists them all) are filtered by the client', async () => {
    const all = await client.listExecutions({ limit: 1_000 });
    for (const status of ['running', 'completed', 'failed', 'cancelled', 'limit_exceeded']) {
      const got = await client.listExecutions({ status, limit: 1_000 });
      assert.deepEqual(got.map((r) => r.executionId), all.filter((r) => r.status === status).map((r) => r.executionId), status);
    }
    assert.ok(all.some((r) => r.status === 'cancelled'), 'the sim cancelled some');
  });

  test('GET /executions/:id and /events: the record and the whole log in sequence order, for either id form', async () => {
    const [first] = await client.listExecutions({ status: 'completed', limit: 1 });
    assert.ok(first);
    const rec = await client.getExecution(first.executionId);
    assert.deepEqual(rec, first);
    const hyphenated = first.executionId.slice(5).replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
    assert.deepEqual(await client.getExecution(hyphenated), first);
    const log = (await client.getEvents(first.executionId)) as { sequence: number; kind: { type: string } }[];
    assert.deepEqual(log.map((e) => e.sequence), log.map((_, i) => i + 1));
    assert.equal(log.at(-1)!.kind.type, 'workflow_completed');
  });

  test('an unknown id: the record route answers 404, the events route an empty log (the runtime\'s quirk), the probe says missing', async () => {
    const err = await failure(client.getExecution(UNKNOWN));
    assert.ok(err instanceof HttpStatusError && err.status === 404);
    assert.equal(client.describe(err), `HTTP 404 Not Found from GET /executions/${UNKNOWN}`);
    assert.deepEqual(await client.getEvents(UNKNOWN), []);
    const [known] = await client.listExecutions({ limit: 1 });
    assert.deepEqual([await client.probeExecution(known!.executionId), await client.probeExecution(UNKNOWN)], ['found', 'missing']);
  });

  test('a wrong or missing token: 401 worded as everywhere else, the probe cannot tell', async () => {
    for (const token of ['wrong-token', undefined]) {
      const wrong = new RuntimeClient(sim.httpUrl, { token });
      const err = await failure(wrong.listExecutions());
      assert.ok(err instanceof HttpStatusError && err.status === 401);
      assert.equal(wrong.describe(err), UNAUTHORIZED_MESSAGE);
      assert.equal(await wrong.probeExecution(UNKNOWN), 'unknown');
    }
  });

  test('a path the runtime has no route for (a wrong base path) is HTTP 404 with its route named', async () => {
    const elsewhere = new RuntimeClient(`${sim.httpUrl}/api`, { token: TOKEN });
    assert.equal(elsewhere.describe(await failure(elsewhere.listExecutions({ limit: 1 }))), 'HTTP 404 Not Found from GET /executions?limit=1');
  });
});

describe('RuntimeClient against a misbehaving server', () => {
  let server: Server;
  let url: string;
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => void res.end();
  const seen: { url: string; authorization: string | undefined }[] = [];

  before(async () => {
    server = createServer((req, res) => {
      seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
      handle(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  const json = (status: number, body: unknown) => (_req: IncomingMessage, res: ServerResponse): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

  test('sends the token as a Bearer header only: neither user:password nor ?token= reaches the server', async () => {
    handle = json(200, { executions: [] });
    seen.length = 0;
    const withSecrets = url.replace('http://', 'http://alice:pw@') + '/?token=QUERYSECRET';
    const client = new RuntimeClient(withSecrets, { token: TOKEN });
    assert.equal(client.base, url);
    await client.listExecutions({ limit: 2 });
    assert.deepEqual(seen, [{ url: '/executions?limit=2', authorization: `Bearer ${TOKEN}` }]);
    await new RuntimeClient(url).listExecutions();
    assert.deepEqual(seen[1], { url: '/executions', authorization: undefined });
  });

  test('403 says the token lacks read access; a 5xx names its status and route', async () => {
    const client = new RuntimeClient(url, { token: TOKEN });
    handle = json(403, { error: 'insufficient role', required: 'developer' });
    assert.equal(client.describe(await failure(client.getEvents(UNKNOWN))), FORBIDDEN_MESSAGE);
    handle = json(503, { error: 'busy' });
    assert.equal(client.describe(await failure(client.getEvents(UNKNOWN))), `HTTP 503 Service Unavailable from GET /executions/${UNKNOWN}/events`);
  });

  test('a body that is not JSON, or not the route\'s shape, is a bad response naming what came', async () => {
    const client = new RuntimeClient(url);
    handle = (_req, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>JamJet</title>');
    assert.equal(client.describe(await failure(client.listExecutions())), 'bad response from GET /executions: not JSON (text/html): is the URL the runtime\'s API root?');
    handle = (_req, res) => void res.writeHead(200).end();
    assert.equal(client.describe(await failure(client.listExecutions())), 'bad response from GET /executions: not JSON (an empty body)');
    handle = json(200, { items: [] });
    assert.equal(client.describe(await failure(client.listExecutions())), 'bad response from GET /executions: no executions array');
    handle = json(200, { events: {} });
    assert.equal(client.describe(await failure(client.getEvents(UNKNOWN))), `bad response from GET /executions/${UNKNOWN}/events: no events array`);
    handle = json(200, ['not', 'a', 'record']);
    assert.equal(client.describe(await failure(client.getExecution(UNKNOWN))), `bad response from GET /executions/${UNKNOWN}: not an execution record`);
  });

  test('a body over the cap is refused, whether its length is announced or only found by reading', async () => {
    const client = new RuntimeClient(url, { maxResponseBytes: 1_000 });
    const big = JSON.stringify({ events: [], pad: 'x'.repeat(1_000) });
    handle = (_req, res) => void res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(big) }).end(big);
    const announced = await failure(client.getEvents(UNKNOWN));
    assert.ok(announced instanceof BadResponseError && announced.tooLarge);
    assert.equal(client.describe(announced), `bad response from GET /executions/${UNKNOWN}/events: body larger than 1000 bytes`);
    handle = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      for (let i = 0; i < 20; i++) res.write(big.slice(i * 100, (i + 1) * 100));
      res.end(big.slice(2_000));
    };
    const streamed = await failure(client.getEvents(UNKNOWN));
    assert.ok(streamed instanceof BadResponseError && streamed.tooLarge);
    handle = json(200, { events: [], pad: 'x'.repeat(900) });
    assert.deepEqual(await client.getEvents(UNKNOWN), [], 'a body under the cap is read');
    assert.equal(new RuntimeClient(url).describe(new BadResponseError('GET', '/x', `body larger than ${REST_MAX_RESPONSE_BYTES} bytes`, true)), 'bad response from GET /x: body larger than 67108864 bytes');
  });

  test('no answer within the timeout is a timeout; an abort from the owner stops the request', async () => {
    handle = () => undefined; // never answers
    const slow = new RuntimeClient(url, { timeoutMs: 50 });
    assert.equal(slow.describe(await failure(slow.listExecutions())), 'timeout: no answer within 0.05s');
    const stop = new AbortController();
    const stopped = new RuntimeClient(url, { signal: stop.signal });
    const pending = failure(stopped.listExecutions());
    stop.abort();
    assert.equal((await pending).name, 'AbortError');
    assert.equal(await slow.probeExecution(UNKNOWN), 'unknown');
  });

  test('a refused connection reads "connection refused"', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const client = new RuntimeClient(`http://127.0.0.1:${port}`);
    assert.equal(client.describe(await failure(client.listExecutions())), 'connection refused');
  });
});
