// `jamjet follow` as a real, piped process: one line per event of the execution (each sequence once, in
// order), then the final tree; exit 0 completed, 1 failed, 2 for a bad id. Against a `jamjet sim` over
// both its REST routes and its stream, and against JSONL replays.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { E2E_SUITE_MS, E2E_WAIT_MS, freePort, getJson, killAll, runCli, spawnCli, startSimProcess, waitForSimDone, type SimProcess } from '../helpers/e2e-process.js';

const EXECUTIONS = 6;
const fixture = (name: string): string => fileURLToPath(new URL(`../../../test/fixtures/events/${name}`, import.meta.url));

interface SimExecution { execution_id: string; status: string }

const execForm = (uuid: string): string => `exec_${uuid.replaceAll('-', '')}`;

/** The `#N` sequence of each event line, in output order. */
function printedSequences(stdout: string): number[] {
  return [...stdout.matchAll(/^\+\S+\s+#(\d+)\s+[a-z_]+/gm)].map((m) => Number(m[1]));
}

/** Checks the piped output: the given sequences, once each, increasing; then the final tree of `uuid`. */
function assertFollowOutput(stdout: string, uuid: string, sequences: readonly number[]): void {
  const printed = printedSequences(stdout);
  assert.deepEqual(printed, [...sequences].sort((a, b) => a - b), `event lines:\n${stdout}`);
  for (let i = 1; i < printed.length; i++) assert.ok(printed[i]! > printed[i - 1]!, 'sequences strictly increase');
  const treeAt = stdout.indexOf(`\nexecution ${execForm(uuid)} `);
  assert.ok(treeAt > 0, `no final tree for ${uuid}:\n${stdout}`);
  assert.equal(printedSequences(stdout.slice(treeAt)).length, 0, 'the tree comes after every event line');
}

/** The sequences of an execution's events, as the sim's REST API lists them. */
async function eventSequences(sim: SimProcess, uuid: string): Promise<number[]> {
  return (await getJson<{ events: Array<{ sequence: number }> }>(`${sim.httpUrl}/executions/${uuid}/events`)).events.map((e) => e.sequence);
}

describe('jamjet follow against a jamjet sim', { timeout: E2E_SUITE_MS }, () => {
  let sim: SimProcess;

  before(async () => {
    // Seed 5 with 6 executions ends one failed and the others completed.
    sim = await startSimProcess(['--seed', '5', '--rate', '5', '--executions', String(EXECUTIONS), '--speed', '20']);
  });

  after(killAll);

  test('follows a running execution live over the stream until it ends, exit code by its outcome', async () => {
    const running = await getJson<{ executions: SimExecution[] }>(`${sim.httpUrl}/executions?status=running`);
    const target = running.executions.at(-1);
    assert.ok(target, 'the sim has a running execution');
    const p = await runCli(['follow', target.execution_id, '--url', sim.wsUrl], E2E_WAIT_MS);
    const final = await getJson<SimExecution>(`${sim.httpUrl}/executions/${target.execution_id}`);
    assert.notEqual(final.status, 'running', 'follow returned before the execution ended');
    assert.equal(p.exit.code, final.status === 'completed' ? 0 : 1, p.describe());
    assertFollowOutput(p.stdout, target.execution_id, await eventSequences(sim, target.execution_id));
  });

  describe('finished executions', () => {
    const cases = [
      { name: 'a completed execution by its UUID over REST: exit 0', status: 'completed', form: 'uuid', url: 'http', code: 0 },
      { name: 'a completed execution in exec_ form over the stream: exit 0', status: 'completed', form: 'exec', url: 'ws', code: 0 },
      { name: 'a failed execution by its UUID over the stream: exit 1', status: 'failed', form: 'uuid', url: 'ws', code: 1 },
      { name: 'a failed execution in exec_ form over REST: exit 1', status: 'failed', form: 'exec', url: 'http', code: 1 },
    ] as const;
    const runs = new Map<string, { uuid: string; run: Awaited<ReturnType<typeof runCli>> }>();

    before(async () => {
      await waitForSimDone(sim, EXECUTIONS);
      const list = async (status: string) => (await getJson<{ executions: SimExecution[] }>(`${sim.httpUrl}/executions?status=${status}`)).executions;
      const picked = { completed: (await list('completed'))[0], failed: (await list('failed'))[0] };
      assert.ok(picked.completed && picked.failed, 'seed 5 gives both a completed and a failed execution');
      // The four follows are independent processes: run them side by side.
      await Promise.all(cases.map(async (c) => {
        const uuid = picked[c.status]!.execution_id;
        const id = c.form === 'uuid' ? uuid : execForm(uuid);
        runs.set(c.name, { uuid, run: await runCli(['follow', id, '--url', c.url === 'ws' ? sim.wsUrl : sim.httpUrl], E2E_WAIT_MS) });
      }));
    });

    for (const c of cases) {
      test(c.name, async () => {
        const { uuid, run } = runs.get(c.name)!;
        assert.equal(run.exit.code, c.code, run.describe());
        assertFollowOutput(run.stdout, uuid, await eventSequences(sim, uuid));
      });
    }
  });
});

describe('jamjet follow usage and replays', { timeout: E2E_SUITE_MS }, () => {
  after(killAll);

  test('an invalid execution id exits 2 naming it', async () => {
    const p = await runCli(['follow', 'exec_12345', '--url', fixture('model-success-run.jsonl')]);
    assert.equal(p.exit.code, 2, p.describe());
    assert.match(p.stderr, /exec_12345.*not an execution id/);
    assert.equal(p.stdout, '');
  });

  test('a completed execution replayed from a JSONL file: every event line, the tree, exit 0', async () => {
    const p = await runCli(['follow', '39201bc0-2035-4816-b345-46bc0da7d0fb', '--url', fixture('model-success-run.jsonl')]);
    assert.equal(p.exit.code, 0, p.describe());
    assertFollowOutput(p.stdout, '39201bc0-2035-4816-b345-46bc0da7d0fb', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    assert.match(p.stdout, /workflow_completed/);
  });

  test('a failed execution replayed from a JSONL file: exit 1 with the error in the tree', async () => {
    const p = await runCli(['follow', execForm('3110084b-dce0-44b9-bd8c-0a4862b0c1dd'), '--url', fixture('model-retry-failure.jsonl')]);
    assert.equal(p.exit.code, 1, p.describe());
    assertFollowOutput(p.stdout, '3110084b-dce0-44b9-bd8c-0a4862b0c1dd', Array.from({ length: 11 }, (_, i) => i + 1));
    assert.match(p.stdout, /workflow_failed/);
    assert.match(p.stdout, /error: /);
  });
});

// Generous bounds: these wait on the CLI's own (shortened) timeouts, never on a fixed sleep.
const GIVE_UP_BOUND_MS = E2E_WAIT_MS;
const MISSING = 'exec_00000000000000000000000000000abc';

/** Lines of stderr that match `pattern`. */
const linesMatching = (stderr: string, pattern: RegExp): string[] => stderr.split('\n').filter((l) => pattern.test(l));

describe('jamjet follow when it cannot connect', { timeout: E2E_SUITE_MS }, () => {
  after(killAll);

  for (const scheme of ['ws', 'http'] as const) {
    test(`a refused ${scheme}:// URL: says it is connecting, the reason once, then exit 1 naming the URL and the reason`, async () => {
      const url = `${scheme}://127.0.0.1:${await freePort()}/x`;
      const p = await runCli(['follow', MISSING, '--url', url, '--connect-timeout', '3'], GIVE_UP_BOUND_MS);
      assert.equal(p.exit.code, 1, p.describe());
      assert.equal(p.stdout, '');
      assert.deepEqual(linesMatching(p.stderr, /connecting to/), [`jamjet follow: connecting to ${url} …`], p.describe());
      // Retried several times within 3 s (back-off 0.25, 0.5, 1 s…), said once.
      assert.deepEqual(linesMatching(p.stderr, /: connection refused; retrying$/), [`jamjet follow: ${url}: connection refused; retrying`], p.describe());
      assert.match(p.stderr, new RegExp(`jamjet follow: could not connect within 3s to ${url.replaceAll('.', '\\.')}: connection refused\n$`));
      assert.doesNotMatch(p.stderr, /no execution/);
    });
  }
});

describe('jamjet follow for an execution the runtime does not have, or not among its newest', { timeout: E2E_SUITE_MS }, () => {
  let sim: SimProcess;

  before(async () => {
    // More executions than one page of the runtime's listing (50).
    sim = await startSimProcess(['--seed', '5', '--rate', '50', '--executions', '60', '--speed', '20']);
  });

  test('over REST, an execution older than the listing\'s first page is followed to its end', async () => {
    await waitForSimDone(sim, 60, GIVE_UP_BOUND_MS);
    const all = (await getJson<{ executions: SimExecution[] }>(`${sim.httpUrl}/executions?limit=200`)).executions;
    assert.ok(all.length > 50, `${all.length} executions`);
    const oldest = all.at(-1)!;
    const p = await runCli(['follow', oldest.execution_id, '--url', sim.httpUrl], GIVE_UP_BOUND_MS);
    assert.equal(p.exit.code, oldest.status === 'completed' ? 0 : 1, p.describe());
    assertFollowOutput(p.stdout, oldest.execution_id, await eventSequences(sim, oldest.execution_id));
  });

  after(killAll);

  test('a websocket URL whose path the server does not serve: the 404 is said, then the connect timeout', async () => {
    const url = `ws://127.0.0.1:${sim.port}/nowhere`;
    const p = await runCli(['follow', MISSING, '--url', url, '--connect-timeout', '2'], GIVE_UP_BOUND_MS);
    assert.equal(p.exit.code, 1, p.describe());
    assert.equal(linesMatching(p.stderr, /404 Not Found on websocket upgrade; retrying$/).length, 1, p.describe());
    assert.match(p.stderr, /could not connect within 2s to .*: HTTP 404 Not Found on websocket upgrade\n$/);
  });

  test('over REST: exit 1 "no execution … at <url>" once the appear timeout has passed', async () => {
    const p = await runCli(['follow', MISSING, '--url', sim.httpUrl, '--appear-timeout', '1'], GIVE_UP_BOUND_MS);
    assert.equal(p.exit.code, 1, p.describe());
    assert.match(p.stderr, new RegExp(`^jamjet follow: connected to ${sim.httpUrl}/$`, 'm'));
    assert.match(p.stderr, new RegExp(`jamjet follow: no execution ${MISSING} at ${sim.httpUrl}/\n$`));
    assert.equal(p.stdout, '');
  });

  test('over a stream and the same runtime\'s REST API: the REST 404 decides', async () => {
    const p = await runCli(['follow', MISSING, '--url', sim.wsUrl, '--url', sim.httpUrl, '--appear-timeout', '1'], GIVE_UP_BOUND_MS);
    assert.equal(p.exit.code, 1, p.describe());
    assert.match(p.stderr, new RegExp(`no execution ${MISSING} at ${sim.httpUrl}/\n$`));
  });

  test('over a stream alone: one "not seen yet" notice, still following; interrupted, it claims nothing', async () => {
    const p = spawnCli(['follow', MISSING, '--url', sim.wsUrl, '--appear-timeout', '1']);
    await p.waitForOutput('stderr', /not seen yet/, GIVE_UP_BOUND_MS);
    assert.deepEqual(linesMatching(p.stderr, /not seen yet/), [`jamjet follow: waiting for ${MISSING} (not seen yet on ${sim.wsUrl})`]);
    assert.equal(p.exit, undefined, 'still waiting');
    const exit = await p.stop('SIGTERM', GIVE_UP_BOUND_MS);
    assert.equal(exit.code, 130, p.describe());
    assert.doesNotMatch(p.stderr, /no execution/);
  });
});
