// `jamjet follow` as a real, piped process: one line per event of the execution (each sequence once, in
// order), then the final tree; exit 0 completed, 1 failed, 2 for a bad id. Against a `jamjet sim` over
// both its REST routes and its stream, and against JSONL replays.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { getJson, killAll, runCli, startSimProcess, waitForSimDone, type SimProcess } from '../helpers/e2e-process.js';

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

describe('jamjet follow against a jamjet sim', { timeout: 60_000 }, () => {
  let sim: SimProcess;
  const eventSequences = async (uuid: string): Promise<number[]> =>
    (await getJson<{ events: Array<{ sequence: number }> }>(`${sim.httpUrl}/executions/${uuid}/events`)).events.map((e) => e.sequence);

  before(async () => {
    // Seed 5 with 6 executions ends one failed and the others completed.
    sim = await startSimProcess(['--seed', '5', '--rate', '5', '--executions', String(EXECUTIONS), '--speed', '20']);
  });

  after(killAll);

  test('follows a running execution live over the stream until it ends, exit code by its outcome', async () => {
    const running = await getJson<{ executions: SimExecution[] }>(`${sim.httpUrl}/executions?status=running`);
    const target = running.executions.at(-1);
    assert.ok(target, 'the sim has a running execution');
    const p = await runCli(['follow', target.execution_id, '--url', sim.wsUrl], 20_000);
    const final = await getJson<SimExecution>(`${sim.httpUrl}/executions/${target.execution_id}`);
    assert.notEqual(final.status, 'running', 'follow returned before the execution ended');
    assert.equal(p.exit.code, final.status === 'completed' ? 0 : 1, p.describe());
    assertFollowOutput(p.stdout, target.execution_id, await eventSequences(target.execution_id));
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
        runs.set(c.name, { uuid, run: await runCli(['follow', id, '--url', c.url === 'ws' ? sim.wsUrl : sim.httpUrl], 20_000) });
      }));
    });

    for (const c of cases) {
      test(c.name, async () => {
        const { uuid, run } = runs.get(c.name)!;
        assert.equal(run.exit.code, c.code, run.describe());
        assertFollowOutput(run.stdout, uuid, await eventSequences(uuid));
      });
    }
  });
});

describe('jamjet follow usage and replays', { timeout: 30_000 }, () => {
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
